import { expect } from 'chai';
import type { Aspect } from '../../src/routing/aspects';
import { chooseTeam } from '../../src/routing/team';
import { routeCase } from '../../src/routing';
import { defaultLexicon, mentionsJointNeed } from '../../src/routing/lexicon';
import { seedRoutingIndex } from './helpers';

function aspect(weight: number, coverage: number[]): Aspect {
  return { label: 'a', terms: [], features: [], weight, coverage, requested: true };
}

const ranked = [
  { institute: 0, score: 0.8 },
  { institute: 1, score: 0.6 },
  { institute: 2, score: 0.55 },
  { institute: 3, score: 0.5 },
];

describe('routing / team (set cover)', () => {
  it('keeps a single institute when the lead covers every aspect', () => {
    const aspects = [aspect(0.6, [1, 0.2, 0, 0]), aspect(0.4, [0.9, 0, 1, 0])];
    expect(chooseTeam(ranked, aspects, true).team).to.deep.equal([0]);
  });

  it('adds one institute per uncovered aspect when the request needs several things', () => {
    const aspects = [aspect(0.5, [1, 0, 0, 0]), aspect(0.3, [0, 1, 0, 0]), aspect(0.2, [0, 0, 0, 1])];
    const { team, coveredBy } = chooseTeam(ranked, aspects, true);
    expect(team).to.deep.equal([0, 1, 3]);
    expect(coveredBy).to.deep.equal([0, 1, 3]);
  });

  it('never adds an institute that covers nothing new', () => {
    const aspects = [aspect(0.5, [1, 0, 0, 0]), aspect(0.5, [0, 1, 1, 1])];
    expect(chooseTeam(ranked, aspects, true).team).to.deep.equal([0, 1]);
  });

  it('does not add a partner for an aspect only mentioned as background', () => {
    const background = { ...aspect(0.5, [0, 1, 0, 0]), requested: false };
    expect(chooseTeam(ranked, [aspect(0.5, [1, 0, 0, 0]), background], true).team).to.deep.equal([0]);
  });

  it('needs a heavier, clearer gap for joint support when the request does not ask for several things', () => {
    const aspects = [aspect(0.9, [1, 0, 0, 0]), aspect(0.1, [0, 1, 0, 0])];
    expect(chooseTeam(ranked, aspects, false).team).to.deep.equal([0]);
    expect(chooseTeam(ranked, aspects, true).team).to.deep.equal([0, 1]);
  });

  it('adds the clear best provider of a second requested aspect without any cue', () => {
    const aspects = [aspect(0.7, [1, 0, 0, 0]), aspect(0.3, [0.1, 1, 0.2, 0])];
    expect(chooseTeam(ranked, aspects, false).team).to.deep.equal([0, 1]);
  });

  it('without a cue, adds at most one partner', () => {
    const aspects = [aspect(0.5, [1, 0, 0, 0]), aspect(0.25, [0, 1, 0, 0]), aspect(0.25, [0, 0, 1, 0])];
    const steep = [
      { institute: 0, score: 0.8 },
      { institute: 1, score: 0.75 },
      { institute: 2, score: 0.7 },
    ];
    expect(chooseTeam(steep, aspects, false).team).to.deep.equal([0, 1]);
    expect(chooseTeam(steep, aspects, true).team).to.deep.equal([0, 1, 2]);
  });

  it('without a cue, does not add a partner that explains more of the request than the lead', () => {
    const aspects = [aspect(0.4, [1, 1, 0, 0]), aspect(0.6, [0, 1, 0, 0])];
    expect(chooseTeam(ranked, aspects, false).team).to.deep.equal([0]);
  });

  it('without a cue, does not add a partner far behind the lead overall', () => {
    const aspects = [aspect(0.7, [1, 0, 0, 0]), aspect(0.3, [0, 0, 0, 1])];
    const farBehind = [...ranked.slice(0, 3), { institute: 3, score: 0.4 }];
    expect(chooseTeam(farBehind, aspects, false).team).to.deep.equal([0]);
    expect(chooseTeam(farBehind, aspects, true).team).to.deep.equal([0, 3]);
  });

  it('prefers, between two providers of the missing aspect, the one that fits the request better overall', () => {
    const aspects = [aspect(0.6, [1, 0, 0, 0]), aspect(0.4, [0, 0.95, 1, 0])];
    expect(chooseTeam(ranked, aspects, true).team).to.deep.equal([0, 1]);
  });

  it('proposes joint support end to end when a request spans distinct capabilities', () => {
    const result = routeCase(seedRoutingIndex(), {
      title: '전동차 대차용 방진 고무와 화재 안전',
      description:
        '철도 차량 대차에 들어가는 방진 고무 부품을 개발했습니다. 고무 배합 개선과 화재 안전 시험을 동시에 진행해야 합니다.',
    });
    expect(result.convergence).to.equal(true);
    expect(result.team).to.include('KIFLT');
    expect(result.team.some((code) => code === 'KCL' || code === 'KICT')).to.equal(true);
    expect(result.aspects.some((a) => a.coveredBy === 'KIFLT')).to.equal(true);
  });

  it('proposes joint support without any cue phrase when two capabilities have different best providers', () => {
    const request = {
      title: '협동로봇 충돌 안전과 전자파',
      description: '협동로봇 충돌 안전 성능 평가와 전자파 적합성 시험이 필요합니다.',
    };
    expect(mentionsJointNeed(defaultLexicon(), request.description)).to.equal(false);
    const result = routeCase(seedRoutingIndex(), request);
    expect(result.team[0]).to.equal('KIRIA');
    expect(result.team.some((code) => ['KTL', 'KETI', 'KTC'].includes(code))).to.equal(true);
    expect(result.convergence).to.equal(true);
  });

  it('takes an ask added with "…도 원합니다" as a joint cue when another institute provides it', () => {
    const request = {
      title: '차량 램프 렌즈와 하우징',
      description: 'LED 램프 렌즈의 광학 설계를 다시 받고 싶습니다. 램프 하우징 사출품의 휨 개선도 원합니다.',
    };
    expect(mentionsJointNeed(defaultLexicon(), request.description)).to.equal(false);
    const result = routeCase(seedRoutingIndex(), request);
    expect(result.team).to.deep.equal(['KOPTI', 'KITECH']);
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

  it('keeps an obvious single-capability request with one institute', () => {
    const result = routeCase(seedRoutingIndex(), {
      title: '다이캐스팅 기공',
      description: '알루미늄 다이캐스팅 부품의 기공 불량을 줄이도록 주조 조건 자문이 필요합니다.',
    });
    expect(result.team).to.deep.equal(['KITECH']);
    expect(result.convergence).to.equal(false);
  });
});
