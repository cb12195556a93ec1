// Team selection as a weighted set cover with a price per extra institute: start with
// the lead (best overall fit) and add a partner only while it brings a distinct,
// substantial aspect that the team does not cover yet.
import type { Aspect } from './aspects';

/** Partners are looked for among the best few candidates only. */
const PARTNER_POOL = 12;
export interface CoverRule {
  /** Largest team the rule may build, lead included. */
  maxTeam: number;
  /** A partner must be a credible fit in its own right: this share of the lead's score. */
  minPartnerScoreRatio: number;
  /** Price of one extra institute, as a share of the request's aspect evidence. */
  extraInstituteCost: number;
  /** An aspect worth a partner: this heavy, covered at most this well by the team… */
  minAspectWeight: number;
  weakCoverage: number;
  /** …and covered at least this well by the partner. */
  strongCoverage: number;
  /**
   * Whether a partner must explain less of the request than the lead. When it explains
   * more, the evidence says the ranking is close, not that the request has two parts.
   */
  partnerBelowLead: boolean;
}

/**
 * Without any wording that asks for several things, the request's structure decides: a
 * partner must be the clear best provider of a requested aspect of real weight that
 * the team barely covers. Product and background words make many single-institute
 * requests look multi-aspect, which is why the need sentences (`requested`) matter.
 * Structure alone is weaker evidence than wording, so it also asks more of the partner:
 * a score close to the lead's (a side remark's provider usually trails far behind), and
 * at most one partner — a third member inferred from structure alone was rarely right.
 */
export const STRUCTURAL_RULE: CoverRule = {
  maxTeam: 2,
  minPartnerScoreRatio: 0.7,
  extraInstituteCost: 0.12,
  minAspectWeight: 0.15,
  weakCoverage: 0.3,
  strongCoverage: 0.8,
  partnerBelowLead: true,
};
/** When the request itself says it needs several things at once, smaller aspects justify a partner. */
export const JOINT_NEED_RULE: CoverRule = {
  maxTeam: 3,
  minPartnerScoreRatio: 0.35,
  extraInstituteCost: 0.06,
  minAspectWeight: 0.08,
  weakCoverage: 0.55,
  strongCoverage: 0.6,
  partnerBelowLead: false,
};
/** The member covering an aspect at least this well is named as covering it. */
const NAMED_COVERAGE = 0.5;

export interface TeamChoice {
  team: number[];
  /** Per aspect: the team member that covers it best, or null if nobody does. */
  coveredBy: (number | null)[];
}

interface Candidate {
  institute: number;
  score: number;
}

function gainOf(aspects: Aspect[], covered: number[], candidate: number): number {
  return aspects.reduce(
    (gain, aspect, a) => gain + aspect.weight * Math.max(0, (aspect.coverage[candidate] ?? 0) - (covered[a] ?? 0)),
    0,
  );
}

/** Share of the request's aspect evidence an institute covers. */
function coverageOf(aspects: Aspect[], institute: number): number {
  return aspects.reduce((sum, aspect) => sum + aspect.weight * (aspect.coverage[institute] ?? 0), 0);
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

/**
 * Of the candidates that bring a distinct aspect and pay for themselves, the one whose
 * gain, weighted by its own overall fit to the request, is largest: between two
 * providers of the missing aspect, the one that also suits the request's context wins.
 */
function bestPartner(
  rule: CoverRule,
  aspects: Aspect[],
  covered: number[],
  pool: Candidate[],
  lead: Candidate,
): number | undefined {
  let best: number | undefined;
  let bestValue = 0;
  const leadCoverage = coverageOf(aspects, lead.institute);
  for (const { institute, score } of pool) {
    if (!bringsDistinctAspect(rule, aspects, covered, institute)) continue;
    if (rule.partnerBelowLead && coverageOf(aspects, institute) >= leadCoverage) continue;
    const gain = gainOf(aspects, covered, institute);
    if (gain <= rule.extraInstituteCost) continue;
    const value = gain * (lead.score > 0 ? score / lead.score : 1);
    if (value > bestValue) [best, bestValue] = [institute, value];
  }
  return best;
}

/**
 * `ranked` holds eligible institutes best first with their scores; the first is the
 * lead. Returns the lead alone unless other institutes cover what it cannot. `maxTeam`
 * lowers the rule's team size (one partner per additive ask, "…도 원합니다").
 */
export function chooseTeam(ranked: Candidate[], aspects: Aspect[], jointNeed: boolean, maxTeam?: number): TeamChoice {
  const base = jointNeed ? JOINT_NEED_RULE : STRUCTURAL_RULE;
  const rule = maxTeam ? { ...base, maxTeam: Math.min(base.maxTeam, maxTeam) } : base;
  const lead = ranked[0];
  if (!lead) return { team: [], coveredBy: aspects.map(() => null) };
  const team = [lead.institute];
  const covered = aspects.map((aspect) => aspect.coverage[lead.institute] ?? 0);
  const pool = ranked
    .slice(1, PARTNER_POOL + 1)
    .filter((candidate) => candidate.score >= lead.score * rule.minPartnerScoreRatio);
  while (team.length < rule.maxTeam) {
    const open = pool.filter((candidate) => !team.includes(candidate.institute));
    const partner = bestPartner(rule, aspects, covered, open, lead);
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
