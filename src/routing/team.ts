// The team: the lead (best overall fit) and the partners the learned team model
// (team-model.ts) adds for needs the lead does not cover; then, per capability aspect,
// the member named as covering it.
import type { Aspect } from './aspects';
import type { RoutingIndex } from './build-index';
import { partnerCandidates, type Ranked } from './team-features';
import { choosePartners } from './team-model';

/** The member covering an aspect at least this well is named as covering it. */
const NAMED_COVERAGE = 0.5;

export interface TeamChoice {
  team: number[];
  /** Per aspect: the team member that covers it best, or null if nobody does. */
  coveredBy: (number | null)[];
}

function namedCoverage(aspects: Aspect[], team: number[]): (number | null)[] {
  return aspects.map((aspect) => {
    const best = team.reduce((x, y) => ((aspect.coverage[y] ?? 0) > (aspect.coverage[x] ?? 0) ? y : x));
    return (aspect.coverage[best] ?? 0) >= NAMED_COVERAGE ? best : null;
  });
}

/**
 * `ranked` holds eligible institutes best first with their scores; the first is the
 * lead. `jointCue` says whether the request's wording asks for several things.
 */
export function chooseTeam(
  index: RoutingIndex,
  request: { title: string; description: string; supportTypes?: string[] },
  ranked: Ranked[],
  aspects: Aspect[],
  jointCue: boolean,
): TeamChoice {
  const lead = ranked[0];
  if (!lead) return { team: [], coveredBy: aspects.map(() => null) };
  const partners = choosePartners(index.teamModel, partnerCandidates(index, request, ranked, aspects, jointCue));
  const team = [lead.institute, ...partners.map((p) => p.institute)];
  return { team, coveredBy: namedCoverage(aspects, team) };
}
