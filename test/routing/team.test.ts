import { expect } from 'chai';
import { routeCase } from '../../src/routing';
import { partnerCandidates, TEAM_FEATURES, type PartnerCandidate } from '../../src/routing/team-features';
import { choosePartners, defaultTeamModel, type TeamModel, type Tree } from '../../src/routing/team-model';
import { analyseRequest } from '../../src/routing/route-case';
import { seedRoutingIndex } from './helpers';

const feature = (name: (typeof TEAM_FEATURES)[number]) => TEAM_FEATURES.indexOf(name);

/** A model that reads one feature: the request model joins when its strongest value reaches 0.5, the partner model prefers higher values. */
function oneFeatureModel(name: (typeof TEAM_FEATURES)[number], secondShare = 0.3): TeamModel {
  const weights = TEAM_FEATURES.map((_, i) => (i === feature(name) ? 10 : 0));
  return {
    about: 'test',
    features: [...TEAM_FEATURES],
    pairs: { base: 0, counts: {} },
    request: {
      bias: 0,
      rate: 1,
      trees: [{ feature: feature(name), cut: 0.5, below: -5, atOrAbove: 5 }],
      threshold: 0.5,
    },
    partner: { weights, bias: 0, secondShare },
    trainedOn: {},
  };
}

function candidate(institute: number, value: number, bestUnit: number): PartnerCandidate {
  const features = TEAM_FEATURES.map((_, i) => (i === feature('unitAdvantage') ? value : 0));
  return { institute, features, bestUnit, unitText: `unit ${bestUnit}` };
}

describe('routing / team (learned decision)', () => {
  it('adds no partner when the request model says the request has one need', () => {
    expect(choosePartners(oneFeatureModel('unitAdvantage'), [candidate(1, 0.3, 0)])).to.deep.equal([]);
  });

  it('adds the likeliest partner, named with the need unit it covers', () => {
    const chosen = choosePartners(oneFeatureModel('unitAdvantage'), [candidate(1, 0.8, 0), candidate(2, 0.85, 1)]);
    expect(chosen.map((c) => [c.institute, c.unitText])).to.deep.equal([
      [2, 'unit 1'],
      [1, 'unit 0'],
    ]);
  });

  it('adds a second partner only for another need unit and with enough of the choice', () => {
    const sameUnit = [candidate(1, 0.9, 0), candidate(2, 0.88, 0)];
    expect(choosePartners(oneFeatureModel('unitAdvantage'), sameUnit)).to.have.length(1);
    const weak = [candidate(1, 0.9, 0), candidate(2, 0.6, 1)];
    expect(choosePartners(oneFeatureModel('unitAdvantage', 0.3), weak)).to.have.length(1);
  });

  it('reads the model fitted by npm run train:route, on the features the engine computes', () => {
    const model = defaultTeamModel();
    expect(model.features).to.deep.equal([...TEAM_FEATURES]);
    expect(model.partner.weights).to.have.length(TEAM_FEATURES.length);
    const splits = (tree: Tree): number[] =>
      typeof tree === 'number' ? [] : [tree.feature, ...splits(tree.below), ...splits(tree.atOrAbove)];
    const read = model.request.trees.flatMap(splits);
    expect(read.length).to.be.above(0);
    expect(Math.max(...read)).to.be.below(2 * TEAM_FEATURES.length);
  });

  it('marks a unit in a sentence about the company as background and an "already fine" unit as settled', () => {
    const index = seedRoutingIndex();
    const request = {
      title: 'LED 사이니지 깜빡임',
      description:
        'LED 사이니지 모듈을 만드는 회사입니다. LED 칩의 광특성은 문제없는데, 구동 보드 펌웨어에서 깜빡임이 생깁니다. 구동 회로 검토가 필요합니다.',
    };
    const { candidates, aspects, jointCue } = analyseRequest(index, request);
    const partners = partnerCandidates(index, request, candidates, aspects, jointCue);
    const flags = (name: (typeof TEAM_FEATURES)[number]) =>
      partners.filter((p) => p.features[feature(name)] === 1).map((p) => p.unitText);
    expect(flags('bestUnitBackground').every((text) => text.includes('회사입니다'))).to.equal(true);
    expect(flags('bestUnitSettled').every((text) => text.includes('문제없는데'))).to.equal(true);
  });

  it('marks a testing institute as the certifier when a need asks for a certificate the lead does not issue', () => {
    const index = seedRoutingIndex();
    const request = {
      title: '양극재 소성 조건과 KC 인증',
      description: '양극재 소성 분위기 자문과 완제품 KC 인증 시험성적서가 필요합니다.',
    };
    const { candidates, aspects, jointCue } = analyseRequest(index, request);
    const lead = index.institutes[candidates[0]?.institute ?? -1];
    const partners = partnerCandidates(index, request, candidates, aspects, jointCue);
    const certifiers = partners.filter((p) => p.features[feature('certifierForCertification')] === 1);
    expect(lead?.services).not.to.include('시험성적서·인증');
    expect(certifiers.length).to.be.greaterThan(0);
    for (const p of certifiers) expect(index.institutes[p.institute]?.services).to.include('시험성적서·인증');
  });

  it('proposes joint support end to end when a request spans distinct capabilities', () => {
    const result = routeCase(seedRoutingIndex(), {
      title: '전동차 대차용 방진 고무와 화재 안전',
      description:
        '철도 차량 대차에 들어가는 방진 고무 부품을 개발했습니다. 고무 배합 개선과 화재 안전 시험을 동시에 진행해야 합니다.',
    });
    expect(result.convergence).to.equal(true);
    // Rubber compounding (KIFLT) and a fire-safety tester; either may lead.
    expect(result.team).to.include('KIFLT');
    expect(result.team.some((code) => ['KCL', 'KICT', 'KRRI'].includes(code))).to.equal(true);
    expect(result.aspects.some((a) => a.coveredBy === 'KIFLT')).to.equal(true);
  });

  it('does not take "…도" for a joint cue when the added ask goes to the lead', () => {
    const result = routeCase(seedRoutingIndex(), {
      title: '운동화 미드솔 수축',
      description: '운동화 EVA 발포 미드솔이 보관 중 수축합니다. 신발 소재 시험도 하고 싶습니다.',
    });
    expect(result.team).to.deep.equal(['KIFLT']);
  });

  it('keeps a long single-capability request with many words single', () => {
    const result = routeCase(seedRoutingIndex(), {
      title: '알루미늄 다이캐스팅 하우징 기공 불량',
      description:
        '자동차 변속기용 알루미늄 하우징을 고압 다이캐스팅으로 생산하고 있습니다. 최근 금형을 교체한 뒤 내부 기공과 수축공이 늘어 ' +
        '기밀 시험 불량률이 크게 올랐습니다. 용탕 온도, 사출 속도, 금형 온도 같은 주조 조건을 바꿔 보았지만 개선이 되지 ' +
        '않았습니다. 주조 조건 최적화와 금형 방안 설계에 대한 자문이 필요합니다.',
    });
    expect(result.team).to.deep.equal(['KITECH']);
    expect(result.convergence).to.equal(false);
  });

  it('lists every team member in the ranking, even one ranked below the shown entries', () => {
    const result = routeCase(
      seedRoutingIndex(),
      {
        title: '전동차 대차용 방진 고무와 화재 안전',
        description:
          '철도 차량 대차에 들어가는 방진 고무 부품을 개발했습니다. 고무 배합 개선과 화재 안전 시험을 동시에 진행해야 합니다.',
      },
      {},
      { limit: 1 },
    );
    const shown = result.ranked.map((r) => r.institute);
    for (const code of result.team) expect(shown).to.include(code);
  });
});
