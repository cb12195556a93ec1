// The learned parts of the routing engine: training needs as index evidence, the pair
// counts the team model reads, and the boosted trees of the request model.
import { expect } from 'chai';
import { fitBoosted } from '../../scripts/route-training/fit';
import { routeCase, seedRoutingIndex as buildSeedIndex } from '../../src/routing';
import { examplesOf, trainingExamples } from '../../src/routing/examples';
import { pairValues, probability } from '../../src/routing/team-model';
import { seedRoutingIndex } from './helpers';

describe('routing / learned from labelled requests', () => {
  it('reads each need of a joint request as evidence for its group, and a single need for every acceptable lead', () => {
    const joint = {
      id: 'J',
      gold: {
        acceptable: ['KIRIA', 'KTL', 'KETI'],
        convergence: true,
        groups: [['KIRIA'], ['KTL', 'KETI']],
        needs: ['충돌 안전 평가', '방사 노이즈 기준 초과'],
      },
    };
    expect(examplesOf(joint)).to.deep.equal([
      { text: '충돌 안전 평가', institutes: ['KIRIA'] },
      { text: '방사 노이즈 기준 초과', institutes: ['KTL', 'KETI'] },
    ]);
    const single = { id: 'S', gold: { acceptable: ['KBSI', 'KIMS'], convergence: false, needs: ['FE-SEM 분석'] } };
    expect(examplesOf(single)).to.deep.equal([{ text: 'FE-SEM 분석', institutes: ['KBSI', 'KIMS'] }]);
  });

  it('takes no evidence from a request whose needs are missing or do not line up with its groups', () => {
    const unmarked = { id: 'U', gold: { acceptable: ['KICET'], convergence: false } };
    const short = {
      id: 'X',
      gold: { acceptable: ['A', 'B'], convergence: true, groups: [['A'], ['B']], needs: ['a'] },
    };
    expect(examplesOf(unmarked)).to.deep.equal([]);
    expect(examplesOf(short)).to.deep.equal([]);
  });

  it('reads the training files but never the held-out sets', () => {
    const texts = new Set(trainingExamples().map((e) => e.text));
    expect(texts.size).to.be.above(1000);
    const heldOutNeed = '파단면을 FE-SEM으로 직접 보고 EDS로 개재물 성분도 찍어보고 싶습니다'; // holdout-2.jsonl, H2
    expect(texts.has(heldOutNeed)).to.equal(false);
  });

  it('lets a need worded only in training requests find its institutes, without making a greeting match', () => {
    const index = seedRoutingIndex();
    const without = buildSeedIndex({ examples: [] });
    const request = { title: '입계확산 공정', description: '네오디뮴 자석의 입계확산 공정 조건을 잡고 싶습니다.' };
    const rankOf = (code: string, ranked: { institute: string }[]) => ranked.findIndex((r) => r.institute === code);
    const learned = routeCase(index, request).ranked;
    expect(rankOf('KIMS', learned)).to.be.within(0, 2);
    expect(rankOf('KIMS', routeCase(without, request).ranked)).to.not.be.within(0, 2);
    expect(routeCase(index, { title: '안녕하세요', description: '문의드립니다' }).ranked).to.deep.equal([]);
  });

  it('draws a rarely seen pair towards the base rate and a well-known pair towards its own', () => {
    const pairs = {
      base: 0.1,
      counts: { 'KIRIA>KTL': [8, 10] as [number, number], 'FITI>DYETEC': [0, 1] as [number, number] },
    };
    expect(pairValues(pairs, 'KIRIA', 'KTL')).to.deep.equal([8.1 / 11, 1]);
    expect(pairValues(pairs, 'FITI', 'DYETEC')).to.deep.equal([0.05, 0.1]);
    expect(pairValues(pairs, 'KRICT', 'KBSI')).to.deep.equal([0.1, 0]);
  });

  it('fits trees that learn a threshold on one feature, the same every time', () => {
    const rows = Array.from({ length: 80 }, (_, i) => ({ x: [i / 80, (i * 7) % 5], y: i >= 40 ? 1 : 0 }));
    const model = fitBoosted(rows);
    expect(probability(model, [0.9, 0])).to.be.above(0.8);
    expect(probability(model, [0.1, 0])).to.be.below(0.2);
    expect(fitBoosted(rows)).to.deep.equal(model);
  });
});
