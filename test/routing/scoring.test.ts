import { expect } from 'chai';
import { routeCase } from '../../src/routing';
import type { RoutingResult } from '../../src/routing';
import { seedRoutingIndex } from './helpers';

function hasNestedArrayOrBadKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => Array.isArray(item) || hasNestedArrayOrBadKey(item));
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, inner]) => /[.$]/.test(key) || hasNestedArrayOrBadKey(inner));
}

describe('routing / scoring', () => {
  const index = seedRoutingIndex();

  it('sends an obvious request to the obvious institute, with reasons naming the matched terms', () => {
    const result = routeCase(index, {
      title: '선박용 LNG 극저온 밸브 누설',
      description: 'LNG 운반선의 극저온 밸브에서 누설이 생깁니다. 극저온 시험과 선급 인증 대응이 필요합니다.',
    });
    const top = result.ranked[0];
    expect(top?.institute).to.equal('KOMERI');
    expect(top?.reasons.join(' ')).to.include('극저온').and.include('밸브');
    expect(top?.match.equipment.join(' ')).to.include('극저온 밸브 시험설비');
    expect(result.team).to.deep.equal(['KOMERI']);
    expect(result.convergence).to.equal(false);
  });

  it('understands English requests through the synonym table', () => {
    const result = routeCase(index, {
      title: 'Thin film thickness calibration',
      description: 'We need calibration of our ellipsometer and traceable thickness measurement.',
    });
    expect(result.ranked[0]?.institute).to.equal('KRISS');
  });

  it('returns scores in 0..1, best first', () => {
    const { ranked } = routeCase(index, { title: '탄소섬유 프리프레그', description: '프리프레그 경화 조건 자문' });
    expect(ranked.length).to.be.greaterThan(1);
    for (const entry of ranked) expect(entry.score).to.be.within(0, 1);
    const scores = ranked.map((entry) => entry.score);
    expect(scores).to.deep.equal([...scores].sort((a, b) => b - a));
  });

  it('credits requested support types in the reasons', () => {
    const { ranked } = routeCase(index, {
      title: '특허 동향',
      description: '경쟁사 특허와 시장 동향 보고서가 필요합니다.',
      supportTypes: ['기술정보'],
    });
    expect(ranked[0]?.institute).to.equal('KISTI');
    expect(ranked[0]?.reasons.join(' ')).to.include('요청 지원유형 제공: 기술정보');
  });

  it('produces a result that can be stored as a document as it is', () => {
    const result: RoutingResult = routeCase(index, {
      title: '정전척 플라즈마 내식성',
      description: '정전척 세라믹의 플라즈마 내식성 평가가 필요합니다.',
    });
    expect(JSON.parse(JSON.stringify(result))).to.deep.equal(result);
    expect(hasNestedArrayOrBadKey(result)).to.equal(false);
  });

  it('returns an empty ranking and team for a request with nothing to match', () => {
    const result = routeCase(index, { title: '안녕하세요', description: '문의드립니다' });
    expect(result.ranked).to.deep.equal([]);
    expect(result.team).to.deep.equal([]);
    expect(result.convergence).to.equal(false);
  });
});
