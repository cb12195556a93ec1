// The joint-team decision, learned from labelled requests by `npm run train:route` and
// stored as data in team-model.json. Two small models over the partner features of
// team-features.ts:
//   - the partner model (a conditional logit) shares the choice among the lead's
//     possible partners: which one covers a need the lead does not;
//   - the request model (boosted decision trees) reads each feature's strongest value
//     among the possible partners and the likeliest partner's own features, and says
//     whether the request needs a second institute at all. Trees, because the evidence
//     for a second need counts differently by where it sits (a need sentence or the
//     company's background) and by how well the lead already covers it.
// The likeliest partner joins when the request model says so; a second one joins when
// its share of the choice is high enough and it covers another need unit.
// Deterministic and explainable: a partner's reason names the unit it covers. Pure.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TEAM_FEATURES, type PartnerCandidate } from './team-features';

const logisticSchema = z.object({ weights: z.array(z.number()), bias: z.number() });
export type Logistic = z.infer<typeof logisticSchema>;

/** A leaf's contribution to the log-odds, or a split: `below` when x[feature] < cut. */
export type Tree = number | { feature: number; cut: number; below: Tree; atOrAbove: Tree };
const treeSchema: z.ZodType<Tree> = z.lazy(() =>
  z.union([
    z.number(),
    z.object({ feature: z.number().int().min(0), cut: z.number(), below: treeSchema, atOrAbove: treeSchema }),
  ]),
);
const boostedSchema = z.object({ bias: z.number(), rate: z.number(), trees: z.array(treeSchema) });
export type Boosted = z.infer<typeof boostedSchema>;

/**
 * How often each institute, proposed beside a lead, was a partner the team needed: per
 * "LEAD>PARTNER", [times right, times proposed] over the training requests' possible
 * partners, and the rate over all of them. Some institutes complement each other (a
 * robot maker's lead and an EMC lab); others are near neighbours that one request
 * rarely needs both of (dyeing and textile testing).
 */
const pairsSchema = z.object({
  base: z.number().min(0).max(1),
  counts: z.record(z.string(), z.tuple([z.number().int().min(0), z.number().int().min(0)])),
});
export type PairCounts = z.infer<typeof pairsSchema>;

/** A pair proposed this often counts as well known. */
const PAIR_SEEN_FULLY = 10;

/** The pair's rate, drawn towards the base rate as if proposed once more at it, and how much it was seen (0..1). */
export function pairValues(pairs: PairCounts, lead: string, partner: string): [rate: number, seen: number] {
  const [right, proposed] = pairs.counts[`${lead}>${partner}`] ?? [0, 0];
  return [(right + pairs.base) / (proposed + 1), Math.min(1, proposed / PAIR_SEEN_FULLY)];
}

export const teamModelSchema = z.object({
  about: z.string(),
  features: z.array(z.string()),
  pairs: pairsSchema,
  request: boostedSchema.extend({ threshold: z.number().min(0).max(1) }),
  partner: logisticSchema.extend({ secondShare: z.number().min(0).max(1) }),
  trainedOn: z.record(z.string(), z.unknown()),
});
export type TeamModel = z.infer<typeof teamModelSchema>;

/** The model fitted by `npm run train:route`; refuses a file fitted on other features. */
export function defaultTeamModel(): TeamModel {
  const model = teamModelSchema.parse(JSON.parse(readFileSync(new URL('./team-model.json', import.meta.url), 'utf8')));
  if (model.features.join() !== TEAM_FEATURES.join())
    throw new Error('team-model.json was fitted on other features: run npm run train:route');
  return model;
}

const linear = (model: Logistic, features: readonly number[]) =>
  features.reduce((sum, x, i) => sum + x * (model.weights[i] ?? 0), model.bias);

export const leafOf = (tree: Tree, x: readonly number[]): number =>
  typeof tree === 'number' ? tree : leafOf((x[tree.feature] ?? 0) < tree.cut ? tree.below : tree.atOrAbove, x);

/** The boosted trees' probability that the request needs a second institute. */
export function probability(model: Boosted, x: readonly number[]): number {
  const logOdds = model.trees.reduce<number>((sum, tree) => sum + model.rate * leafOf(tree, x), model.bias);
  return 1 / (1 + Math.exp(-logOdds));
}

/** Each candidate's share of the partner model's choice: a softmax over the request's candidates. */
export function choiceShares(partner: Logistic, candidates: PartnerCandidate[]): number[] {
  const z = candidates.map((c) => linear(partner, c.features));
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/** Each feature's strongest value among the possible partners. */
function strongest(candidates: PartnerCandidate[]): number[] {
  return TEAM_FEATURES.map((_, i) => Math.max(0, ...candidates.map((c) => c.features[i] ?? 0)));
}

/** What the request model reads: each feature's strongest value, then the likeliest partner's features. */
export function requestView(partner: Logistic, candidates: PartnerCandidate[]): number[] {
  const shares = choiceShares(partner, candidates);
  const likeliest = candidates[shares.indexOf(Math.max(...shares))];
  return [...strongest(candidates), ...(likeliest?.features ?? TEAM_FEATURES.map(() => 0))];
}

export interface ChosenPartner {
  institute: number;
  /** Its share of the partner model's choice. */
  share: number;
  /** The need unit on which it beats the lead most. */
  unitText: string;
}

/** The partners the model adds to the lead, likeliest first (none for a single-need request). */
export function choosePartners(model: TeamModel, candidates: PartnerCandidate[]): ChosenPartner[] {
  if (
    !candidates.length ||
    probability(model.request, requestView(model.partner, candidates)) < model.request.threshold
  )
    return [];
  const shares = choiceShares(model.partner, candidates);
  const ranked = candidates
    .map((c, i) => ({ ...c, share: shares[i] ?? 0 }))
    .sort((a, b) => b.share - a.share || a.institute - b.institute);
  const [first, ...rest] = ranked;
  if (!first) return [];
  const second = rest.find((c) => c.bestUnit !== first.bestUnit && c.share >= model.partner.secondShare);
  return [first, ...(second ? [second] : [])].map(({ institute, share, unitText }) => ({ institute, share, unitText }));
}
