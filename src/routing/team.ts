// Team selection as a weighted set cover with a price per extra institute: start with
// the lead (best overall fit) and add a partner only while it brings a distinct,
// substantial aspect that the team does not cover yet.
import type { Aspect } from './aspects';

/** Partners are looked for among the best few candidates only. */
const PARTNER_POOL = 12;
const MAX_TEAM = 3;
interface CoverRule {
  /** A partner must be a credible fit in its own right: this share of the lead's score. */
  minPartnerScoreRatio: number;
  /** Price of one extra institute, as a share of the request's aspect evidence. */
  extraInstituteCost: number;
  /** An aspect worth a partner: this heavy, covered at most this well by the team… */
  minAspectWeight: number;
  weakCoverage: number;
  /** …and covered at least this well by the partner. */
  strongCoverage: number;
}

/**
 * Product and background words make most requests look multi-aspect, so by default a
 * partner must bring a clearly separate aspect holding at least half of the request.
 * When the request itself says it needs several things at once ("모두 필요", "as
 * well as"), smaller aspects justify a partner.
 */
const DEFAULT_RULE: CoverRule = {
  minPartnerScoreRatio: 0.8,
  extraInstituteCost: 0.4,
  minAspectWeight: 0.5,
  weakCoverage: 0.15,
  strongCoverage: 0.8,
};
const JOINT_NEED_RULE: CoverRule = {
  minPartnerScoreRatio: 0.35,
  extraInstituteCost: 0.06,
  minAspectWeight: 0.08,
  weakCoverage: 0.4,
  strongCoverage: 0.6,
};
/** The member covering an aspect at least this well is named as covering it. */
const NAMED_COVERAGE = 0.5;

export interface TeamChoice {
  team: number[];
  /** Per aspect: the team member that covers it best, or null if nobody does. */
  coveredBy: (number | null)[];
}

function gainOf(aspects: Aspect[], covered: number[], candidate: number): number {
  return aspects.reduce(
    (gain, aspect, a) => gain + aspect.weight * Math.max(0, (aspect.coverage[candidate] ?? 0) - (covered[a] ?? 0)),
    0,
  );
}

function bringsDistinctAspect(rule: CoverRule, aspects: Aspect[], covered: number[], candidate: number): boolean {
  return aspects.some(
    (aspect, a) =>
      aspect.requested &&
      aspect.weight >= rule.minAspectWeight &&
      (covered[a] ?? 0) <= rule.weakCoverage &&
      (aspect.coverage[candidate] ?? 0) >= rule.strongCoverage,
  );
}

function bestPartner(rule: CoverRule, aspects: Aspect[], covered: number[], pool: number[]): number | undefined {
  let best: number | undefined;
  let bestGain = rule.extraInstituteCost;
  for (const candidate of pool) {
    if (!bringsDistinctAspect(rule, aspects, covered, candidate)) continue;
    const gain = gainOf(aspects, covered, candidate);
    if (gain > bestGain) [best, bestGain] = [candidate, gain];
  }
  return best;
}

/**
 * `ranked` holds eligible institutes best first with their scores; the first is the
 * lead. Returns the lead alone unless other institutes cover what it cannot.
 */
export function chooseTeam(
  ranked: { institute: number; score: number }[],
  aspects: Aspect[],
  jointNeed: boolean,
): TeamChoice {
  const rule = jointNeed ? JOINT_NEED_RULE : DEFAULT_RULE;
  const lead = ranked[0];
  if (!lead) return { team: [], coveredBy: aspects.map(() => null) };
  const team = [lead.institute];
  const covered = aspects.map((aspect) => aspect.coverage[lead.institute] ?? 0);
  const pool = ranked
    .slice(1, PARTNER_POOL + 1)
    .filter((candidate) => candidate.score >= lead.score * rule.minPartnerScoreRatio)
    .map((candidate) => candidate.institute);
  while (team.length < MAX_TEAM) {
    const partner = bestPartner(
      rule,
      aspects,
      covered,
      pool.filter((candidate) => !team.includes(candidate)),
    );
    if (partner === undefined) break;
    team.push(partner);
    aspects.forEach((aspect, a) => (covered[a] = Math.max(covered[a] ?? 0, aspect.coverage[partner] ?? 0)));
  }
  const coveredBy = aspects.map((aspect) => {
    const best = team.reduce((x, y) => ((aspect.coverage[y] ?? 0) > (aspect.coverage[x] ?? 0) ? y : x));
    return (aspect.coverage[best] ?? 0) >= NAMED_COVERAGE ? best : null;
  });
  return { team, coveredBy };
}
