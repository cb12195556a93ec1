// A learned joint-team decision, fitted and scored by `npm run train:route` on the
// labelled training requests; not yet used by routeCase (docs/routing.md says why).
// Two small logistic regressions over the partner features of team-features.ts:
//   - the request model reads, for each feature, the strongest value any possible
//     partner has, and says whether the request needs a second institute at all;
//   - the partner model ranks the possible partners; the best one joins, and a second
//     joins too when it is likely enough and covers another need unit.
// Deterministic and explainable: a partner's reason names the unit it covers. Pure.
import { TEAM_FEATURES, type PartnerCandidate } from './team-features';

export type Logistic = { weights: number[]; bias: number };

export type TeamModel = {
  about: string;
  features: string[];
  request: Logistic & { threshold: number };
  partner: Logistic & { secondThreshold: number };
  trainedOn: Record<string, unknown>;
};

export function probability(model: Logistic, features: readonly number[]): number {
  const z = features.reduce((sum, x, i) => sum + x * (model.weights[i] ?? 0), model.bias);
  return 1 / (1 + Math.exp(-z));
}

/** The request's view of its possible partners: each feature's strongest value among them. */
export function strongest(candidates: PartnerCandidate[]): number[] {
  return TEAM_FEATURES.map((_, i) => Math.max(0, ...candidates.map((c) => c.features[i] ?? 0)));
}

export interface ChosenPartner {
  institute: number;
  probability: number;
  unitText: string;
}

/** The partners the model adds to the lead, most likely first (none for a single-need request). */
export function choosePartners(model: TeamModel, candidates: PartnerCandidate[]): ChosenPartner[] {
  if (!candidates.length || probability(model.request, strongest(candidates)) < model.request.threshold) return [];
  const ranked = candidates
    .map((c) => ({ ...c, probability: probability(model.partner, c.features) }))
    .sort((a, b) => b.probability - a.probability || a.institute - b.institute);
  const [first, ...rest] = ranked;
  if (!first) return [];
  const second = rest.find((c) => c.bestUnit !== first.bestUnit && c.probability >= model.partner.secondThreshold);
  return [first, ...(second ? [second] : [])].map(({ institute, probability: p, unitText }) => ({
    institute,
    probability: p,
    unitText,
  }));
}
