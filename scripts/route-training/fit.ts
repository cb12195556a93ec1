// The two fits of the team model (src/routing/team-model.ts): full-batch gradient
// descent from zero with L2, so the same rows always give the same weights.
import type { Logistic } from '../../src/routing/team-model';

export type Row = { x: number[]; y: number };

const L2 = 0.01;
const STEPS = 3000;
const RATE = 0.5;

const dot = (x: number[], weights: number[]) => x.reduce((sum, v, i) => sum + v * (weights[i] ?? 0), 0);

function descend(weights: number[], gradient: number[], count: number): void {
  weights.forEach((w, i) => (weights[i] = w - RATE * ((gradient[i] ?? 0) / (count || 1) + L2 * w)));
}

/** A logistic regression with both classes weighed evenly (joint requests are about a third). */
export function fitLogistic(rows: Row[]): Logistic {
  const weights = new Array<number>(rows[0]?.x.length ?? 0).fill(0);
  let bias = 0;
  const positives = rows.filter((r) => r.y === 1).length;
  const weightOf = (y: number) => rows.length / (2 * ((y === 1 ? positives : rows.length - positives) || 1));
  for (let step = 0; step < STEPS; step++) {
    const gradient = new Array<number>(weights.length).fill(0);
    let gradientBias = 0;
    for (const { x, y } of rows) {
      const error = (1 / (1 + Math.exp(-(dot(x, weights) + bias))) - y) * weightOf(y);
      x.forEach((v, i) => (gradient[i] = (gradient[i] ?? 0) + error * v));
      gradientBias += error;
    }
    descend(weights, gradient, rows.length);
    bias -= (RATE * gradientBias) / (rows.length || 1);
  }
  return { weights, bias };
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
