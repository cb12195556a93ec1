// The fits of the team model (src/routing/team-model.ts): the partner model by
// full-batch gradient descent from zero with L2, the request model by boosted trees;
// the same rows always give the same model.
import { leafOf, type Boosted, type Logistic, type Tree } from '../../src/routing/team-model';

export type Row = { x: number[]; y: number };

const L2 = 0.01;
const STEPS = 3000;
const RATE = 0.5;

const dot = (x: number[], weights: number[]) => x.reduce((sum, v, i) => sum + v * (weights[i] ?? 0), 0);

function descend(weights: number[], gradient: number[], count: number): void {
  weights.forEach((w, i) => (weights[i] = w - RATE * ((gradient[i] ?? 0) / (count || 1) + L2 * w)));
}

/**
 * A conditional logit: per request, a softmax over its possible partners, fitted to put
 * the probability on those that cover a missing need. It learns the decision it makes —
 * which of this request's candidates — rather than to judge each candidate against
 * every other request's. Requests without both kinds of candidate teach nothing.
 */
export function fitChoice(groups: Row[][]): Logistic {
  const usable = groups.filter((rows) => rows.some((r) => r.y === 1) && rows.some((r) => r.y === 0));
  const weights = new Array<number>(usable[0]?.[0]?.x.length ?? 0).fill(0);
  for (let step = 0; step < STEPS; step++) {
    const gradient = new Array<number>(weights.length).fill(0);
    for (const rows of usable) {
      const z = rows.map(({ x }) => dot(x, weights));
      const top = Math.max(...z);
      const e = z.map((v) => Math.exp(v - top));
      const total = e.reduce((a, b) => a + b, 0);
      const onPositives = e.reduce((sum, v, j) => sum + (rows[j]?.y === 1 ? v : 0), 0);
      rows.forEach(({ x, y }, j) => {
        const error = (e[j] ?? 0) / total - (y === 1 ? (e[j] ?? 0) / onPositives : 0);
        x.forEach((v, i) => (gradient[i] = (gradient[i] ?? 0) + error * v));
      });
    }
    descend(weights, gradient, usable.length);
  }
  return { weights, bias: 0 };
}

// Boosted depth-2 trees for the request model, Newton steps on the logistic loss with
// both classes weighed evenly. Every split is searched over a fixed set of cuts per
// feature (from per-bin sums, so a node costs one pass over its rows per feature) and
// ties go to the first, so the same rows always give the same trees.
const ROUNDS = 150;
const SHRINK = 0.1;
const DEPTH = 2;
const LEAF_L2 = 1;
const MIN_LEAF = 10;
const CUTS_PER_FEATURE = 16;

/** Up to CUTS_PER_FEATURE cut points per feature, at the distinct values' quantiles. */
function cutsOf(rows: Row[]): number[][] {
  return (rows[0]?.x ?? []).map((_, f) => {
    const values = [...new Set(rows.map((r) => r.x[f] ?? 0))].sort((a, b) => a - b);
    const step = Math.max(1, Math.floor(values.length / CUTS_PER_FEATURE));
    return values.filter((_, i) => i > 0 && i % step === 0);
  });
}

type Slope = { gradient: number[]; hessian: number[] };
const sumOver = (members: number[], values: number[]) => members.reduce((sum, i) => sum + (values[i] ?? 0), 0);
const leafValue = (members: number[], { gradient, hessian }: Slope) =>
  -sumOver(members, gradient) / (sumOver(members, hessian) + LEAF_L2);

/** Per row and feature, how many of the feature's cuts lie at or below its value: `x < cuts[k]` ⇔ `bin ≤ k`. */
type Binned = { cuts: number[][]; bins: number[][] };
function binned(rows: Row[]): Binned {
  const cuts = cutsOf(rows);
  const bins = rows.map((r) => cuts.map((featureCuts, f) => featureCuts.filter((cut) => cut <= (r.x[f] ?? 0)).length));
  return { cuts, bins };
}

type Split = { feature: number; cutIndex: number; gain: number };

/** The best split of one feature, from the node's gradient and hessian summed per bin. */
function bestCutOf(
  members: number[],
  slope: Slope,
  data: Binned,
  feature: number,
  total: [number, number],
): Split | undefined {
  const size = (data.cuts[feature]?.length ?? 0) + 1;
  const g = new Float64Array(size);
  const h = new Float64Array(size);
  const n = new Int32Array(size);
  for (const i of members) {
    const bin = data.bins[i]?.[feature] ?? 0;
    g[bin] = (g[bin] ?? 0) + (slope.gradient[i] ?? 0);
    h[bin] = (h[bin] ?? 0) + (slope.hessian[i] ?? 0);
    n[bin] = (n[bin] ?? 0) + 1;
  }
  const [G, H] = total;
  const here = G ** 2 / (H + LEAF_L2);
  let best: Split | undefined;
  let [gBelow, hBelow, nBelow] = [0, 0, 0];
  for (let k = 0; k < size - 1; k++) {
    gBelow += g[k] ?? 0;
    hBelow += h[k] ?? 0;
    nBelow += n[k] ?? 0;
    if (nBelow < MIN_LEAF || members.length - nBelow < MIN_LEAF) continue;
    const gain = gBelow ** 2 / (hBelow + LEAF_L2) + (G - gBelow) ** 2 / (H - hBelow + LEAF_L2) - here;
    if (gain > (best?.gain ?? 1e-9)) best = { feature, cutIndex: k, gain };
  }
  return best;
}

function grow(members: number[], slope: Slope, data: Binned, depth: number): Tree {
  if (depth === 0 || members.length < 2 * MIN_LEAF) return leafValue(members, slope);
  const total: [number, number] = [sumOver(members, slope.gradient), sumOver(members, slope.hessian)];
  let best: Split | undefined;
  data.cuts.forEach((_, feature) => {
    const split = bestCutOf(members, slope, data, feature, total);
    if (split && split.gain > (best?.gain ?? 1e-9)) best = split;
  });
  if (!best) return leafValue(members, slope);
  const { feature, cutIndex } = best;
  const isBelow = (i: number) => (data.bins[i]?.[feature] ?? 0) <= cutIndex;
  return {
    feature,
    cut: data.cuts[feature]?.[cutIndex] ?? 0,
    below: grow(members.filter(isBelow), slope, data, depth - 1),
    atOrAbove: grow(
      members.filter((i) => !isBelow(i)),
      slope,
      data,
      depth - 1,
    ),
  };
}

export function fitBoosted(rows: Row[]): Boosted {
  const positives = rows.filter((r) => r.y === 1).length;
  const weightOf = (y: number) => rows.length / (2 * ((y === 1 ? positives : rows.length - positives) || 1));
  const data = binned(rows);
  const everyRow = rows.map((_, i) => i);
  const model: Boosted = { bias: 0, rate: SHRINK, trees: [] };
  const logOdds = rows.map(() => 0);
  for (let round = 0; round < ROUNDS; round++) {
    const p = logOdds.map((z) => 1 / (1 + Math.exp(-z)));
    const slope: Slope = {
      gradient: rows.map((r, i) => ((p[i] ?? 0) - r.y) * weightOf(r.y)),
      hessian: rows.map((r, i) => Math.max(1e-6, (p[i] ?? 0) * (1 - (p[i] ?? 0))) * weightOf(r.y)),
    };
    const tree = grow(everyRow, slope, data, DEPTH);
    model.trees.push(tree);
    rows.forEach((r, i) => (logOdds[i] = (logOdds[i] ?? 0) + SHRINK * leafOf(tree, r.x)));
  }
  return model;
}
