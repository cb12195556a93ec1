import { expect } from 'chai';
import { buildRoutingIndex, routeCase } from '../../src/routing';
import { corrosionRequest, seedRoutingIndex, twinCatalogue } from './helpers';

describe('routing / signals', () => {
  const twins = buildRoutingIndex(twinCatalogue());

  it('prefers the less loaded of two equal institutes', () => {
    const quiet = routeCase(twins, corrosionRequest, {
      institutes: { TWINA: { openLoad: 9, status: 'active' }, TWINB: { openLoad: 1, status: 'active' } },
    });
    expect(quiet.ranked.map((r) => r.institute)).to.deep.equal(['TWINB', 'TWINA']);
    const busy = routeCase(twins, corrosionRequest, {
      institutes: { TWINA: { openLoad: 0, status: 'active' }, TWINB: { openLoad: 9, capacity: 10, status: 'active' } },
    });
    expect(busy.ranked[0]?.institute).to.equal('TWINA');
    expect(busy.ranked[1]?.reasons.join(' ')).to.include('진행 중 과제 9건');
  });

  it('breaks a tie by the company region', () => {
    expect(routeCase(twins, { ...corrosionRequest, region: '부산' }).ranked[0]?.institute).to.equal('TWINA');
    expect(routeCase(twins, { ...corrosionRequest, region: '경기' }).ranked[0]?.institute).to.equal('TWINB');
    expect(routeCase(twins, { ...corrosionRequest, region: '울산' }).ranked[0]?.reasons.join(' ')).to.include(
      '인접 권역',
    );
  });

  it('does not let load or region override a clearly better fit', () => {
    const result = routeCase(
      seedRoutingIndex(),
      { title: 'LNG 극저온 밸브 누설', description: '극저온 밸브 시험과 선급 인증이 필요합니다.', region: '서울' },
      { institutes: { KOMERI: { openLoad: 8, capacity: 10, status: 'active' } } },
    );
    expect(result.ranked[0]?.institute).to.equal('KOMERI');
  });

  it('skips paused and full institutes, with a reason', () => {
    const result = routeCase(seedRoutingIndex(), corrosionRequest, {
      institutes: {
        KTR: { openLoad: 3, status: 'paused' },
        KOMERI: { openLoad: 12, capacity: 12, status: 'active' },
      },
    });
    const codes = result.ranked.map((r) => r.institute);
    expect(codes).to.not.include('KTR').and.not.include('KOMERI');
    expect(result.team).to.not.include('KTR');
    expect(result.skipped).to.deep.include({
      institute: 'KTR',
      status: 'paused',
      reason: '지원 일시중지 상태로 배정에서 제외',
    });
    expect(result.skipped.find((s) => s.institute === 'KOMERI')?.status).to.equal('full');
  });
});
