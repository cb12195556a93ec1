// Fits the routing engine's joint-team model: `npm run train:route`.
//
// Training requests: src/routing/training/set-*.jsonl, one file per writer; each file is
// a cross-validation fold, so the figures say how the engine does on a new writer's
// wording. Held-out test requests: src/routing/training/holdout*.jsonl, each by a writer
// who never saw the engine, never used to choose anything here.
//   1. Route each training request and describe every possible partner of the lead
//      (src/routing/team-features.ts), labelled 1 when it belongs to a gold group the
//      lead does not cover (a capability the team still needs). The index reads the
//      training requests' needs as evidence (src/routing/examples.ts), so each request is
//      routed by an index built without its own file's requests: the model learns from
//      features as they look on a request the index has not seen.
//   2. Fit the partner model (a conditional logit over each joint request's partners)
//      and then the request model (joint or not, on its view of the partners), as in
//      scripts/route-training/fit.ts.
//   3. Choose the request threshold and the second partner's share by leave-one-file-out
//      cross-validation: the best (joint F1 + joint coverage) / 2 whose team precision
//      stays at or above PRECISION_FLOOR.
// Refits on all training requests, writes src/routing/team-model.json, and prints the
// train, cross-validated and test figures beside the lead alone and a naive BM25.
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seedCatalogue } from '../src/institutes/catalogue';
import { routeCase, seedRoutingIndex } from '../src/routing';
import { batchLineSchema } from '../src/routing/batch';
import type { NeedExample, RoutingIndex } from '../src/routing/build-index';
import { evaluateRouting, type GoldCase, type RoutingAnswer } from '../src/routing/evaluate';
import { examplesOf, jsonLines, labelledNeedsSchema, trainingLines } from '../src/routing/examples';
import { analyseRequest } from '../src/routing/route-case';
import { partnerCandidates, TEAM_FEATURES, type PartnerCandidate } from '../src/routing/team-features';
import {
  choosePartners,
  pairValues,
  requestView,
  type Boosted,
  type Logistic,
  type PairCounts,
  type TeamModel,
  type Tree,
} from '../src/routing/team-model';
import { bm25Answer, bm25Index } from './bm25';
import { fitBoosted, fitChoice, type Row } from './route-training/fit';

const TRAINING_DIR = new URL('../src/routing/training/', import.meta.url);
/** The held-out test sets: holdout.jsonl, holdout-2.jsonl… */
const HOLDOUT_FILE = /^holdout(?:-\d+)?\.jsonl$/;
const MODEL_PATH = new URL('../src/routing/team-model.json', import.meta.url);
/** The issue's target for team precision: a partner proposed in error costs an institute's time. */
const PRECISION_FLOOR = 0.9;
const FRONTIER = [0.85, 0.87, 0.88, 0.89, 0.9, 0.91];

type Labelled = GoldCase & {
  request: ReturnType<typeof batchLineSchema.parse>;
  examples: NeedExample[];
  /** The cross-validation fold: the training file, so that each fold is one writer's requests. */
  fold: number;
};
type Prepared = { item: Labelled; lead: string; ranked: string[]; partners: PartnerCandidate[]; labels: number[] };
type Metrics = ReturnType<typeof evaluateRouting>['metrics'];

/** Until the model is fitted, the index proposes the lead alone (the team-model.json on disk may be stale). */
const UNFITTED: TeamModel = {
  about: 'unfitted',
  features: [...TEAM_FEATURES],
  pairs: { base: 0, counts: {} },
  request: { bias: -100, rate: 1, trees: [], threshold: 1 },
  partner: { weights: [], bias: 0, secondShare: 1 },
  trainedOn: {},
};
const index = seedRoutingIndex({ teamModel: UNFITTED });
const codeOf = (i: number) => index.institutes[i]?.code ?? '';

function labelled(raw: unknown, fold = -1): Labelled {
  const gold = labelledNeedsSchema.parse(raw);
  return { ...gold, request: batchLineSchema.parse(raw), examples: examplesOf(gold), fold };
}
const testSets = () =>
  readdirSync(TRAINING_DIR)
    .filter((name) => HOLDOUT_FILE.test(name))
    .sort()
    .map((name) => ({
      name,
      items: jsonLines(new URL(name, TRAINING_DIR)).map((raw) => labelled(raw)),
    }));

function prepare(index: RoutingIndex, item: Labelled): Prepared {
  const { id: _id, ...request } = item.request;
  const { candidates, aspects, jointCue } = analyseRequest(index, request);
  const ranked = candidates.map((c) => codeOf(c.institute));
  const lead = ranked[0] ?? '';
  const partners = partnerCandidates(index, request, candidates, aspects, jointCue);
  const missing = item.gold.convergence ? (item.gold.groups ?? []).filter((group) => !group.includes(lead)) : [];
  const labels = partners.map((p) => (missing.some((group) => group.includes(codeOf(p.institute))) ? 1 : 0));
  return { item, lead, ranked, partners, labels };
}

const partnerGroups = (prepared: Prepared[]): Row[][] =>
  prepared
    .filter((p) => p.item.gold.convergence)
    .map((p) => p.partners.map((partner, i) => ({ x: partner.features, y: p.labels[i] ?? 0 })));

type Fitted = { request: Boosted; partner: Logistic };
function fitBoth(prepared: Prepared[]): Fitted {
  const partner = fitChoice(partnerGroups(prepared));
  const requestRows = prepared.map((p) => ({
    x: requestView(partner, p.partners),
    y: p.item.gold.convergence ? 1 : 0,
  }));
  return { partner, request: fitBoosted(requestRows) };
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;
const rounded = ({ weights, bias }: Logistic): Logistic => ({ weights: weights.map(round6), bias: round6(bias) });
const roundedTree = (tree: Tree): Tree =>
  typeof tree === 'number'
    ? round6(tree)
    : { ...tree, cut: round6(tree.cut), below: roundedTree(tree.below), atOrAbove: roundedTree(tree.atOrAbove) };
const roundedTrees = ({ bias, rate, trees }: Boosted): Boosted => ({
  bias: round6(bias),
  rate,
  trees: trees.map(roundedTree),
});

type Thresholds = { request: number; secondShare: number };
function modelOf(
  fitted: Fitted,
  thresholds: Thresholds,
  pairs: PairCounts = UNFITTED.pairs,
  trainedOn: Record<string, unknown> = {},
): TeamModel {
  return {
    about:
      'Joint-team decision of the routing engine (src/routing/team-model.ts) over the partner features of src/routing/team-features.ts, fitted by scripts/train-route.ts (npm run train:route) on src/routing/training/set-*.jsonl and cases-*.jsonl. Do not edit by hand.',
    features: [...TEAM_FEATURES],
    pairs,
    request: { ...roundedTrees(fitted.request), threshold: thresholds.request },
    partner: { ...rounded(fitted.partner), secondShare: thresholds.secondShare },
    trainedOn,
  };
}

function answersOf(prepared: Prepared[], model: TeamModel): RoutingAnswer[] {
  return prepared.map((p) => {
    const team = p.lead ? [p.lead, ...choosePartners(model, p.partners).map((c) => codeOf(c.institute))] : [];
    return { id: p.item.id, ranked: p.ranked.slice(0, 10), team, convergence: team.length > 1 };
  });
}

const scoreOf = (prepared: Prepared[], answers: RoutingAnswer[]) =>
  evaluateRouting(
    prepared.map((p) => p.item),
    answers,
  ).metrics;

/** Joint F1 and coverage, as long as team precision stays at the floor. */
const objectiveAbove = (floor: number) => (m: Metrics) =>
  (m.jointF1 + m.jointCoverage) / 2 - (m.teamPrecision < floor ? 10 * (floor - m.teamPrecision) : 0);

const stepsOf = (from: number, to: number) =>
  Array.from({ length: Math.round((to - from) / 0.05) + 1 }, (_, i) => Math.round((from + i * 0.05) * 100) / 100);
const GRID: Thresholds[] = stepsOf(0.2, 0.8).flatMap((request) =>
  stepsOf(0.1, 1).map((secondShare) => ({ request, secondShare })),
);

/** How often each lead's possible partner was one the team needed, over the given requests. */
function pairCounts(prepared: Prepared[]): PairCounts {
  const counts: PairCounts['counts'] = {};
  let [right, proposed] = [0, 0];
  for (const p of prepared)
    p.partners.forEach((partner, i) => {
      const key = `${p.lead}>${codeOf(partner.institute)}`;
      const [r, n] = counts[key] ?? [0, 0];
      counts[key] = [r + (p.labels[i] ?? 0), n + 1];
      right += p.labels[i] ?? 0;
      proposed += 1;
    });
  return { base: proposed ? Math.round((right / proposed) * 1e6) / 1e6 : 0, counts };
}

const PAIR_RATE = TEAM_FEATURES.indexOf('pairRate');
const PAIR_SEEN = TEAM_FEATURES.indexOf('pairSeen');

/** The requests with their partners' pair features read from `pairs` (counted without these requests). */
const withPairs = (prepared: Prepared[], pairs: PairCounts): Prepared[] =>
  prepared.map((p) => ({
    ...p,
    partners: p.partners.map((partner) => {
      const features = [...partner.features];
      [features[PAIR_RATE], features[PAIR_SEEN]] = pairValues(pairs, p.lead, codeOf(partner.institute));
      return { ...partner, features };
    }),
  }));

/** Each file's requests with pair features counted on the other files, leaving out `also` too. */
const pairedByFile = (raw: Prepared[], also?: number): Prepared[] =>
  Array.from({ length: folds }, (_, fold) => fold)
    .filter((fold) => fold !== also)
    .flatMap((fold) =>
      withPairs(
        raw.filter((p) => p.item.fold === fold),
        pairCounts(raw.filter((p) => p.item.fold !== fold && p.item.fold !== also)),
      ),
    );

/**
 * Cross-validated figures at each pair of thresholds: fit on the other writers' files,
 * answer one writer's. The held-out file's requests are in no pair count the fit reads.
 */
function crossValidate(raw: Prepared[]): { thresholds: Thresholds; metrics: Metrics; answers: RoutingAnswer[] }[] {
  const byThresholds = GRID.map((thresholds) => ({ thresholds, answers: [] as RoutingAnswer[] }));
  for (let fold = 0; fold < folds; fold++) {
    const inFold = (p: Prepared) => p.item.fold === fold;
    const fitted = fitBoth(pairedByFile(raw, fold));
    const held = withPairs(raw.filter(inFold), pairCounts(raw.filter((p) => !inFold(p))));
    for (const entry of byThresholds) entry.answers.push(...answersOf(held, modelOf(fitted, entry.thresholds)));
  }
  return byThresholds.map(({ thresholds, answers }) => ({ thresholds, answers, metrics: scoreOf(raw, answers) }));
}

const bestAbove = (cv: ReturnType<typeof crossValidate>, floor: number) =>
  cv.reduce((a, b) => (objectiveAbove(floor)(b.metrics) > objectiveAbove(floor)(a.metrics) ? b : a));

/** The cross-validated mistakes that recur most, as "what was needed → what was answered". */
function confusions(prepared: Prepared[], answers: RoutingAnswer[]): [string, number][] {
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const teams = new Map(answers.map((answer) => [answer.id, answer.team]));
  prepared.forEach((p) => {
    const team = teams.get(p.item.id) ?? [];
    const { acceptable, convergence } = p.item.gold;
    const groups = p.item.gold.groups ?? [];
    if (!convergence && !acceptable.includes(team[0] ?? '')) count(`lead: ${acceptable.join('/')} → ${team[0]}`);
    if (!convergence && team.length > 1) count(`needless partner: ${team[0]} + ${team.slice(1).join('+')}`);
    for (const group of groups)
      if (!group.some((code) => team.includes(code)))
        count(`joint group missed: ${group.join('/')} (team ${team.join('+')})`);
  });
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const leadAlone = (prepared: Prepared[]): RoutingAnswer[] =>
  prepared.map((p) => ({ id: p.item.id, ranked: p.ranked.slice(0, 10), team: [p.lead], convergence: false }));

/** The engine itself (routeCase with the written model), as `npm run route` answers. */
function engineAnswers(items: Labelled[]): RoutingAnswer[] {
  return items.map((item) => {
    const { id, ...request } = item.request;
    const result = routeCase(index, request);
    return { id, ranked: result.ranked, team: result.team, convergence: result.convergence };
  });
}

const bm25 = bm25Index(seedCatalogue());
const bm25Answers = (items: Labelled[]) => items.map((item) => bm25Answer(bm25, item.request));

function printTable(rows: [string, Metrics][]): void {
  const metrics = ['hit1', 'hit3', 'jointCoverage', 'jointF1', 'teamPrecision'] as const;
  process.stdout.write(`${'set'.padEnd(44)}${metrics.map((m) => m.padStart(14)).join('')}\n`);
  for (const [name, m] of rows)
    process.stdout.write(`${name.padEnd(44)}${metrics.map((k) => String(m[k]).padStart(14)).join('')}\n`);
}

/** Each training request routed by an index that holds the other folds' needs only. */
function prepareOutOfFold(items: Labelled[]): Prepared[] {
  return Array.from({ length: folds }, (_, fold) => {
    const inFold = (item: Labelled) => item.fold === fold;
    const foldIndex = seedRoutingIndex({
      teamModel: UNFITTED,
      examples: items.filter((item) => !inFold(item)).flatMap((item) => item.examples),
    });
    return items.filter(inFold).map((item) => prepare(foldIndex, item));
  }).flat();
}

const lines = trainingLines();
const files = [...new Set(lines.map((line) => line.file))];
const folds = files.length;
const trainItems = lines.map(({ file, raw }) => labelled(raw, files.indexOf(file)));
const tests = testSets();
const raw = prepareOutOfFold(trainItems);
const train = pairedByFile(raw);

const cv = crossValidate(raw);
const best = bestAbove(cv, PRECISION_FLOOR);
const model = modelOf(fitBoth(train), best.thresholds, pairCounts(raw), {
  requests: train.length,
  joint: train.filter((p) => p.item.gold.convergence).length,
  partnerRows: train.reduce((sum, p) => sum + (p.item.gold.convergence ? p.partners.length : 0), 0),
  folds,
  precisionFloor: PRECISION_FLOOR,
  crossValidated: best.metrics,
});
writeFileSync(MODEL_PATH, `${JSON.stringify(model, null, 1)}\n`);
index.teamModel = model;

process.stdout.write(
  `${train.length} training requests; held out: ${tests.map((t) => `${t.name} (${t.items.length})`).join(', ')}\n\n`,
);
printTable([
  ['train: lead alone', scoreOf(train, leadAlone(train))],
  ['train: model', scoreOf(train, answersOf(train, model))],
  [`train, leave-one-writer-out (${folds} folds): model`, best.metrics],
  ...tests.flatMap(({ name, items }): [string, Metrics][] => {
    const prepared = items.map((item) => prepare(index, item));
    return [
      [`${name}: lead alone`, scoreOf(prepared, leadAlone(prepared))],
      [`${name}: engine (npm run route)`, scoreOf(prepared, engineAnswers(items))],
      [`${name}: naive BM25 (scripts/bm25.ts)`, scoreOf(prepared, bm25Answers(items))],
    ];
  }),
]);
process.stdout.write(`\nthresholds ${JSON.stringify(best.thresholds)}; cross-validated at other precision floors:\n`);
printTable(FRONTIER.map((floor) => [`precision >= ${floor}`, bestAbove(cv, floor).metrics]));
const recurring = confusions(train, best.answers).filter(([, n]) => n > 1);
process.stdout.write(`\ncross-validated mistakes made more than once:\n`);
for (const [mistake, n] of recurring) process.stdout.write(`  ${String(n).padStart(3)}  ${mistake}\n`);

/** The request model reads each feature's strongest value among the partners, then the likeliest partner's. */
const viewName = (i: number) =>
  `${i < TEAM_FEATURES.length ? 'strongest' : 'likeliest'} ${TEAM_FEATURES[i % TEAM_FEATURES.length]}`;
const splitsOf = (tree: Tree): number[] =>
  typeof tree === 'number' ? [] : [tree.feature, ...splitsOf(tree.below), ...splitsOf(tree.atOrAbove)];
const splitCounts = new Map<number, number>();
for (const feature of model.request.trees.flatMap(splitsOf))
  splitCounts.set(feature, (splitCounts.get(feature) ?? 0) + 1);
process.stdout.write(
  `\nrequest model (${model.request.trees.length} trees), splits per feature: ${[...splitCounts]
    .sort((a, b) => b[1] - a[1])
    .map(([f, n]) => `${viewName(f)} ${n}`)
    .join(', ')}\n`,
);
process.stdout.write(
  `\npartner model: ${model.partner.weights.map((w, i) => `${TEAM_FEATURES[i]} ${w}`).join(', ')}\n`,
);
process.stdout.write(`\nwrote ${fileURLToPath(MODEL_PATH)}\n`);
