// Routing speed at real scale: `npm run bench:route`. Builds the index from the 37
// institutes plus a deterministic synthetic catalogue (26,000 equipment items,
// 11,000 researcher profiles), routes 10,000 generated requests, then the labelled
// training requests (real wording, up to eight sentences, so more need units each),
// and prints build time, per-request p50/p99 and peak memory.
import { performance } from 'node:perf_hooks';
import { profileEntries } from '../src/institutes/profiles';
import { seedCatalogue } from '../src/institutes/catalogue';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { batchLineSchema, buildRoutingIndex, routeCase, type RoutingRequest } from '../src/routing';
import { syntheticCatalogue, syntheticRequests } from '../src/routing/synthetic-catalogue';
import { jsonLines, trainingExamples } from '../src/routing/examples';

const TRAINING_DIR = fileURLToPath(new URL('../src/routing/training/', import.meta.url));

function labelledRequests(): RoutingRequest[] {
  return readdirSync(TRAINING_DIR)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => jsonLines(`${TRAINING_DIR}${name}`))
    .map((raw) => {
      const { id: _id, ...request } = batchLineSchema.parse(raw);
      return request;
    });
}

const SCALE = { equipment: 26_000, researchers: 11_000 };
const REQUESTS = 10_000;
const MB = 1024 * 1024;

const peak = { rss: 0, heap: 0 };
function sampleMemory(): void {
  const { rss, heapUsed } = process.memoryUsage();
  peak.rss = Math.max(peak.rss, rss);
  peak.heap = Math.max(peak.heap, heapUsed);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const base = seedCatalogue();
const { catalogue, researchers } = syntheticCatalogue(base, SCALE);
const requests = syntheticRequests(base, REQUESTS);
globalThis.gc?.();
sampleMemory();

const buildStart = performance.now();
const index = buildRoutingIndex(catalogue, { researchers, profiles: profileEntries(), examples: trainingExamples() });
const buildMs = performance.now() - buildStart;
sampleMemory();

/** Routes each request, three rounds for the few labelled ones; returns sorted timings and joint teams. */
function timeRouting(batch: RoutingRequest[], rounds: number): { timings: number[]; joint: number } {
  const timings: number[] = [];
  let joint = 0;
  for (let round = 0; round < rounds; round++)
    batch.forEach((request, n) => {
      const start = performance.now();
      const result = routeCase(index, request);
      timings.push(performance.now() - start);
      if (result.convergence && round === 0) joint++;
      if (n % 250 === 0) sampleMemory();
    });
  sampleMemory();
  return { timings: timings.sort((a, b) => a - b), joint };
}

const { timings, joint } = timeRouting(requests, 1);
const labelled = timeRouting(labelledRequests(), 3);

const equipmentCount = catalogue.institutes.reduce((sum, institute) => sum + institute.equipment.length, 0);
const rows: [string, string][] = [
  ['institutes', String(catalogue.institutes.length)],
  ['equipment', String(equipmentCount)],
  ['researchers', String(researchers.length)],
  ['postings (features)', String(index.postings.size)],
  ['index build', `${buildMs.toFixed(0)} ms`],
  ['requests', String(REQUESTS)],
  ['p50 per request', `${percentile(timings, 50).toFixed(3)} ms`],
  ['p99 per request', `${percentile(timings, 99).toFixed(3)} ms`],
  ['max per request', `${(timings.at(-1) ?? 0).toFixed(3)} ms`],
  ['joint teams proposed', String(joint)],
  ['labelled requests', String(labelled.timings.length / 3)],
  ['  p50 per request', `${percentile(labelled.timings, 50).toFixed(3)} ms`],
  ['  p99 per request', `${percentile(labelled.timings, 99).toFixed(3)} ms`],
  ['peak RSS', `${(peak.rss / MB).toFixed(0)} MB`],
  ['peak heap used', `${(peak.heap / MB).toFixed(0)} MB`],
];
for (const [label, value] of rows) process.stdout.write(`${label.padEnd(22)} ${value}\n`);
