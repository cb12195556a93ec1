import { expect } from 'chai';
import { evaluateRouting } from '../../src/routing';
import type { GoldCase } from '../../src/routing';

describe('routing / evaluate', () => {
  const gold: GoldCase[] = [
    { id: 'a', gold: { acceptable: ['KIMS'], convergence: false } },
    { id: 'b', gold: { acceptable: ['KETI', 'KTL'], convergence: false } },
    { id: 'c', gold: { acceptable: ['KICET', 'KETI'], convergence: true, groups: [['KICET'], ['KETI']] } },
  ];

  it('computes hit@k, joint coverage, joint F1 and team precision like the consortium scorer', () => {
    const { metrics, misses } = evaluateRouting(gold, [
      { id: 'a', ranked: [{ institute: 'KIMS' }], team: ['KIMS'], convergence: false },
      { id: 'b', ranked: ['KATECH', 'KIMM', 'KTL'], team: ['KATECH', 'KTL'], convergence: true },
      { id: 'c', ranked: ['KICET'], team: ['KICET'], convergence: false },
    ]);
    expect(metrics).to.deep.equal({
      cases: 3,
      missing: 0,
      hit1: 0.5,
      hit3: 1,
      jointCoverage: 0,
      jointF1: 0,
      teamPrecision: 0.833,
    });
    expect(misses).to.have.length(2);
  });

  it('counts missing answers', () => {
    expect(evaluateRouting(gold, []).metrics.missing).to.equal(3);
  });
});
