// Routing quality metrics on a labelled set, the same as the consortium's scorer:
// hit@1 and hit@3 on single-institute cases, joint coverage (every gold group has a
// member on the team) on joint cases, F1 of the convergence flag, and team precision.
import { z } from 'zod';

export const goldCaseSchema = z.object({
  id: z.union([z.string(), z.number()]),
  gold: z.object({
    acceptable: z.array(z.string()),
    convergence: z.boolean(),
    groups: z.array(z.array(z.string())).optional(),
  }),
});

export type GoldCase = z.infer<typeof goldCaseSchema>;

export interface RoutingAnswer {
  id: string | number;
  ranked: ({ institute: string } | string)[];
  team: string[];
  convergence: boolean;
}

export interface RoutingMetrics {
  cases: number;
  missing: number;
  hit1: number;
  hit3: number;
  jointCoverage: number;
  jointF1: number;
  teamPrecision: number;
}

export interface RoutingEvaluation {
  metrics: RoutingMetrics;
  misses: string[];
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

const codeOf = (entry: { institute: string } | string): string => (typeof entry === 'string' ? entry : entry.institute);

export function evaluateRouting(gold: GoldCase[], answers: RoutingAnswer[]): RoutingEvaluation {
  const byId = new Map(answers.map((answer) => [String(answer.id), answer]));
  const misses: string[] = [];
  const count = { single: 0, hit1: 0, hit3: 0, joint: 0, covered: 0, tp: 0, fp: 0, fn: 0, missing: 0 };
  let precisionSum = 0;
  for (const { id, gold: expected } of gold) {
    const answer = byId.get(String(id));
    if (!answer) {
      count.missing++;
      continue;
    }
    const acceptable = new Set(expected.acceptable);
    const ranked = answer.ranked.map(codeOf);
    const team = [...new Set(answer.team)];
    if (expected.convergence) {
      count.joint++;
      const groups = expected.groups ?? [expected.acceptable];
      if (groups.every((group) => group.some((code) => team.includes(code)))) count.covered++;
      else misses.push(`${id} team ${team.join('+') || '-'} misses a group of ${JSON.stringify(groups)}`);
    } else {
      count.single++;
      if (acceptable.has(ranked[0] ?? '')) count.hit1++;
      else misses.push(`${id} top ${ranked[0] ?? '-'} not in ${[...acceptable].join('/')}`);
      if (ranked.slice(0, 3).some((code) => acceptable.has(code))) count.hit3++;
    }
    if (expected.convergence && answer.convergence) count.tp++;
    else if (!expected.convergence && answer.convergence) count.fp++;
    else if (expected.convergence && !answer.convergence) count.fn++;
    precisionSum += team.length ? team.filter((code) => acceptable.has(code)).length / team.length : 0;
  }
  const answered = gold.length - count.missing;
  return {
    metrics: {
      cases: gold.length,
      missing: count.missing,
      hit1: round3(count.hit1 / (count.single || 1)),
      hit3: round3(count.hit3 / (count.single || 1)),
      jointCoverage: round3(count.covered / (count.joint || 1)),
      jointF1: round3((2 * count.tp) / (2 * count.tp + count.fp + count.fn || 1)),
      teamPrecision: round3(precisionSum / (answered || 1)),
    },
    misses,
  };
}
