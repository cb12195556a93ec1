// Fits and scores a learned joint-team model: `npm run train:route`.
//
// Reads the labelled requests in src/routing/training/*.jsonl and splits them once, by
// a hash of each id, into train (4/5) and test (1/5); the test split is scored at the
// end and never used to choose anything. On the train split it:
//   1. routes each request and lists every possible partner of the lead with its
//      features (src/routing/team-features.ts), labelled 1 when the partner belongs to
//      a gold group that the lead does not cover (a capability the team still needs);
//   2. fits two logistic regressions (L2, full-batch gradient descent from zero:
//      deterministic): the request model (joint or not, on each feature's strongest
//      value among the possible partners) on every request, and the partner model on
//      the possible partners of the joint requests;
//   3. picks the request threshold and the second partner's threshold by 5-fold
//      cross-validation over requests, on the mean of joint F1, joint coverage and team
//      precision;
// then refits on all train rows. It prints the train, cross-validated and test figures
// beside those of the engine's rules (team.ts) and of a naive BM25 over the same
// catalogue. The model is not switched on: see docs/routing.md for why.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seedCatalogue, seedCatalogueVersion } from '../src/institutes/catalogue';
import { buildRoutingIndex, routeCase } from '../src/routing';
import { batchLineSchema } from '../src/routing/batch';
import { evaluateRouting, goldCaseSchema, type GoldCase, type RoutingAnswer } from '../src/routing/evaluate';
import { analyseRequest } from '../src/routing/route-case';
import { partnerCandidates, TEAM_FEATURES, type PartnerCandidate } from '../src/routing/team-features';
import { choosePartners, strongest, type Logistic, type TeamModel } from '../src/routing/team-model';
import { bm25Answer, bm25Index } from './bm25';

const TRAINING_DIR = fileURLToPath(new URL('../src/routing/training/', import.meta.url));
const FOLDS = 5;
const L2 = 0.01;
const STEPS = 3000;
const RATE = 0.5;

type Labelled = GoldCase & { request: ReturnType<typeof batchLineSchema.parse> };
type Prepared = { item: Labelled; lead: string; ranked: string[]; partners: PartnerCandidate[]; labels: number[] };

const index = buildRoutingIndex(seedCatalogue(), { catalogueVersion: seedCatalogueVersion() });
const codeOf = (i: number) => index.institutes[i]?.code ?? '';

function readLabelled(): Labelled[] {
  return readdirSync(TRAINING_DIR)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) =>
      readFileSync(`${TRAINING_DIR}${name}`, 'utf8')
        .split('\n')
        .filter((l) => l.trim()),
    )
    .map((line) => JSON.parse(line) as unknown)
    .map((raw) => ({ ...goldCaseSchema.parse(raw), request: batchLineSchema.parse(raw) }));
}

const bucketOf = (id: string | number, buckets: number) =>
  createHash('sha256').update(String(id)).digest().readUInt32BE(0) % buckets;

function prepare(item: Labelled): Prepared {
  const { id: _id, ...request } = item.request;
  const analysis = analyseRequest(index, request);
  const ranked = analysis.candidates.map((c) => codeOf(c.institute));
  const lead = ranked[0] ?? '';
  const partners = partnerCandidates(
    index,
    request,
    analysis.candidates,
    analysis.aspects,
    analysis.jointNeed || analysis.added > 0,
  );
  const missing = item.gold.convergence ? (item.gold.groups ?? []).filter((group) => !group.includes(lead)) : [];
  const labels = partners.map((p) => (missing.some((group) => group.includes(codeOf(p.institute))) ? 1 : 0));
  return { item, lead, ranked, partners, labels };
}

type Row = { x: number[]; y: number };

function fit(rows: Row[]): Logistic {
  const weights = new Array<number>(TEAM_FEATURES.length).fill(0);
  let bias = 0;
  const positives = rows.filter((r) => r.y === 1).length;
  // Positives are rare (a few per joint request among many candidates): weigh the classes evenly.
  const weightOf = (y: number) =>
    y === 1 ? rows.length / (2 * (positives || 1)) : rows.length / (2 * (rows.length - positives || 1));
  for (let step = 0; step < STEPS; step++) {
    const gradient = new Array<number>(weights.length).fill(0);
    let gradientBias = 0;
    for (const { x, y } of rows) {
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, i) => s + v * (weights[i] ?? 0), bias)));
      const error = (p - y) * weightOf(y);
      x.forEach((v, i) => (gradient[i] = (gradient[i] ?? 0) + error * v));
      gradientBias += error;
    }
    weights.forEach((w, i) => (weights[i] = w - RATE * ((gradient[i] ?? 0) / rows.length + L2 * w)));
    bias -= (RATE * gradientBias) / rows.length;
  }
  return { weights, bias };
}

const requestRows = (prepared: Prepared[]): Row[] =>
  prepared.map((p) => ({ x: strongest(p.partners), y: p.item.gold.convergence ? 1 : 0 }));
const partnerRows = (prepared: Prepared[]): Row[] =>
  prepared
    .filter((p) => p.item.gold.convergence)
    .flatMap((p) => p.partners.map((partner, i) => ({ x: partner.features, y: p.labels[i] ?? 0 })));

type Fitted = { request: Logistic; partner: Logistic };
const fitBoth = (prepared: Prepared[]): Fitted => ({
  request: fit(requestRows(prepared)),
  partner: fit(partnerRows(prepared)),
});
const rounded = ({ weights, bias }: Logistic): Logistic => ({
  weights: weights.map((w) => Math.round(w * 1e6) / 1e6),
  bias: Math.round(bias * 1e6) / 1e6,
});

function modelOf(fitted: Fitted, thresholds: Thresholds, trainedOn: Record<string, unknown> = {}): TeamModel {
  return {
    about:
      'Joint-team decision of the routing engine (src/routing/team-model.ts): two logistic regressions over the partner features of src/routing/team-features.ts, fitted by scripts/train-route.ts (npm run train:route) on src/routing/training/*.jsonl. Do not edit by hand.',
    features: [...TEAM_FEATURES],
    request: { ...rounded(fitted.request), threshold: thresholds.request },
    partner: { ...rounded(fitted.partner), secondThreshold: thresholds.second },
    trainedOn,
  };
}

function answersOf(prepared: Prepared[], model: TeamModel): RoutingAnswer[] {
  return prepared.map((p) => {
    const team = p.lead ? [p.lead, ...choosePartners(model, p.partners).map((c) => codeOf(c.institute))] : [];
    return { id: p.item.id, ranked: p.ranked.slice(0, 10), team, convergence: team.length > 1 };
  });
}

const scoreOf = (prepared: Prepared[], model: TeamModel) =>
  evaluateRouting(
    prepared.map((p) => p.item),
    answersOf(prepared, model),
  ).metrics;

/**
 * What the thresholds are chosen for: joint F1 and coverage, as long as the team stays
 * as precise as the rules' teams are on the same train split (`floor`).
 */
const objectiveAbove = (floor: number) => (m: ReturnType<typeof scoreOf>) =>
  (m.jointF1 + m.jointCoverage) / 2 - (m.teamPrecision < floor ? 10 * (floor - m.teamPrecision) : 0);

type Thresholds = { request: number; second: number };
const STEPS_OF = (from: number, to: number) =>
  Array.from({ length: Math.round((to - from) / 0.05) + 1 }, (_, i) => Math.round((from + i * 0.05) * 100) / 100);
const GRID: Thresholds[] = STEPS_OF(0.2, 0.8).flatMap((request) =>
  STEPS_OF(0.5, 1).map((second) => ({ request, second })),
);

/** Cross-validated figures at each pair of thresholds: fit on four folds, answer the fifth. */
function crossValidate(train: Prepared[]) {
  const byThresholds = GRID.map((thresholds) => ({ thresholds, answers: [] as RoutingAnswer[] }));
  for (let fold = 0; fold < FOLDS; fold++) {
    const inFold = (p: Prepared) => bucketOf(`fold:${p.item.id}`, FOLDS) === fold;
    const fitted = fitBoth(train.filter((p) => !inFold(p)));
    const held = train.filter(inFold);
    for (const entry of byThresholds) entry.answers.push(...answersOf(held, modelOf(fitted, entry.thresholds)));
  }
  return byThresholds.map(({ thresholds, answers }) => ({
    thresholds,
    metrics: evaluateRouting(
      train.map((p) => p.item),
      answers,
    ).metrics,
  }));
}

function rulesScore(items: Labelled[]) {
  const answers = items.map((item) => {
    const { id, ...request } = item.request;
    const result = routeCase(index, request);
    return { id, ranked: result.ranked, team: result.team, convergence: result.convergence };
  });
  return evaluateRouting(items, answers).metrics;
}

function bm25Score(items: Labelled[]) {
  const bm25 = bm25Index(seedCatalogue());
  return evaluateRouting(
    items,
    items.map((item) => bm25Answer(bm25, item.request)),
  ).metrics;
}

const labelled = readLabelled();
const isTest = (item: Labelled) => bucketOf(item.id, 5) === 0;
const trainItems = labelled.filter((item) => !isTest(item));
const testItems = labelled.filter(isTest);
const train = trainItems.map(prepare);
const test = testItems.map(prepare);

const rulesOnTrain = rulesScore(trainItems);
const objective = objectiveAbove(rulesOnTrain.teamPrecision);
const cv = crossValidate(train);
const best = cv.reduce((a, b) => (objective(b.metrics) > objective(a.metrics) ? b : a));
const partners = partnerRows(train);
const model = modelOf(fitBoth(train), best.thresholds, {
  requests: train.length,
  joint: train.filter((p) => p.item.gold.convergence).length,
  partnerRows: partners.length,
  partnerPositives: partners.filter((r) => r.y === 1).length,
  testRequests: test.length,
  split: 'sha256(id) mod 5 == 0 is test',
  folds: FOLDS,
});

const table: [string, ReturnType<typeof scoreOf>][] = [
  ['train (rules of team.ts, in use)', rulesOnTrain],
  ['train (model)', scoreOf(train, model)],
  [`cross-validated (model, ${best.thresholds.request}/${best.thresholds.second})`, best.metrics],
  ['test (model)', scoreOf(test, model)],
  ['test (rules of team.ts, in use)', rulesScore(testItems)],
  ['test (naive BM25)', bm25Score(testItems)],
];
process.stdout.write(`${labelled.length} labelled requests: ${train.length} train, ${test.length} test\n\n`);
const metrics = ['hit1', 'hit3', 'jointCoverage', 'jointF1', 'teamPrecision'] as const;
process.stdout.write(`${'set'.padEnd(44)}${metrics.map((m) => m.padStart(14)).join('')}\n`);
for (const [name, m] of table)
  process.stdout.write(`${name.padEnd(44)}${metrics.map((k) => String(m[k]).padStart(14)).join('')}\n`);
for (const part of ['request', 'partner'] as const)
  process.stdout.write(
    `\n${part} model: ${TEAM_FEATURES.map((f, i) => `${f} ${model[part].weights[i]}`).join(', ')}; bias ${model[part].bias}`,
  );
process.stdout.write('\n');
process.stdout.write(`\nthe model is not used by the engine yet (docs/routing.md, "Learned team decision")\n`);
