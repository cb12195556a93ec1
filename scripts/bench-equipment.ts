// `npm run bench:equipment`: the equipment search and import at the consortium's scale.
//   1. Quality: the labelled searches (src/equipment/search-eval.jsonl, and the held-out
//      search-holdout.jsonl) against the demo registry: is the wanted kind of instrument
//      first, and among the first five kinds shown?
//   2. Growth: index build time, memory and in-process query time at 2,600, 13,000 and
//      26,000 instruments.
//   3. The app: started on a fresh embedded database with the demo data, 20 concurrent
//      users searching over HTTP; then `npm run import:equipment` of 26,000 new rows,
//      and the same file again (nothing changes).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoRegistryWithKinds } from '../src/equipment/demo-registry';
import { COLUMNS } from '../src/equipment/import-file';
import { instrumentTypes } from '../src/equipment/instrument-types';
import type { RegistryRow } from '../src/equipment/registry-row';
import { EquipmentSearchIndex } from '../src/equipment/search-index';
import { snapshotItemOf } from '../src/equipment/snapshot';
import { InstrumentSynonyms } from '../src/equipment/synonyms';
import { seedCatalogue } from '../src/institutes/catalogue';
import { seededRandom } from '../src/routing/synthetic-catalogue';
import {
  fixed,
  freePort,
  ms,
  percentile,
  startTs,
  stopChild,
  table,
  timeLoop,
  waitForExit,
  waitUntilHealthy,
  whole,
  type Child,
} from './bench-pages-lib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USERS = 20;
const HTTP_SEARCHES = 2000;
const THINK_SECONDS = 30;
const MB = 1024 * 1024;

type Labelled = { id: string; q: string; want: string[]; style: string };

const readLabelled = async (name: string): Promise<Labelled[]> =>
  (await readFile(path.join(ROOT, 'src/equipment', name), 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled);

function indexOf(size: number) {
  const places = new Map(seedCatalogue().institutes.map((i) => [i.code, i]));
  const rows = demoRegistryWithKinds(size);
  const kindOf = new Map<string, string>();
  const items = rows.map(({ row, kind }, n) => {
    const id = n.toString(16).padStart(24, '0');
    kindOf.set(id, kind);
    const place = places.get(row.instituteCode);
    return snapshotItemOf({
      _id: id,
      ...row,
      region: place?.region ?? '',
      fields: place?.fields ?? [],
      source: 'demo',
    });
  });
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const index = new EquipmentSearchIndex(items, new InstrumentSynonyms(instrumentTypes()));
  const buildMs = performance.now() - started;
  globalThis.gc?.();
  return { index, kindOf, buildMs, heapMb: (process.memoryUsage().heapUsed - heapBefore) / MB, count: items.length };
}

/** The kinds of instrument in result order, each once. */
function kindsShown(index: EquipmentSearchIndex, kindOf: Map<string, string>, query: string, limit: number): string[] {
  const kinds: string[] = [];
  for (const hit of index.query(query)) {
    const kind = kindOf.get(hit.item.id) ?? '';
    if (!kinds.includes(kind)) kinds.push(kind);
    if (kinds.length >= limit) break;
  }
  return kinds;
}

function quality(built: ReturnType<typeof indexOf>, set: Labelled[]) {
  let first = 0;
  let topFive = 0;
  const misses: string[] = [];
  for (const search of set) {
    const kinds = kindsShown(built.index, built.kindOf, search.q, 5);
    if (search.want.includes(kinds[0] ?? '')) first++;
    else
      misses.push(
        `${search.id} "${search.q}" wants ${search.want.join('/')}, got ${kinds.slice(0, 3).join(', ') || '-'}`,
      );
    if (kinds.some((k) => search.want.includes(k))) topFive++;
  }
  return { first, topFive, total: set.length, misses };
}

function queryTimes(built: ReturnType<typeof indexOf>, queries: string[]) {
  const times = queries.map((q) => {
    const started = performance.now();
    built.index.query(q);
    return performance.now() - started;
  });
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

function csvOf(rows: RegistryRow[]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const unit = { hour: '시간', sample: '시료', day: '일' } as const;
  const status = { available: '사용가능', repair: '수리중', unavailable: '사용불가' } as const;
  const values = (r: RegistryRow) => [
    r.instituteCode,
    `IMP-${r.registryId}`,
    r.name,
    r.nameEn,
    r.model,
    r.maker,
    r.category,
    r.uses.join('; '),
    r.usesEn.join('; '),
    r.specs.map((s) => `${s.label}: ${s.value}`).join('; '),
    r.location,
    String(r.fee?.amount ?? ''),
    r.fee ? unit[r.fee.unit] : '',
    r.manager?.name ?? '',
    r.manager?.phone ?? '',
    r.manager?.email ?? '',
    status[r.status],
  ];
  return [COLUMNS.map((c) => c.header), ...rows.map(values)].map((row) => row.map(cell).join(',')).join('\n');
}

async function runApp(workDir: string) {
  const port = await freePort();
  const env = {
    DATA_DIR: workDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    MONGODB_URI: '',
    POSTGRES_URL: '',
    REDIS_URL: '',
  };
  const started = performance.now();
  const app = startTs(path.join(ROOT, 'src/main.ts'), [], env, ROOT);
  await waitUntilHealthy(`http://127.0.0.1:${port}/healthz`, app, 600_000);
  return { app, base: `http://127.0.0.1:${port}`, env, startSeconds: (performance.now() - started) / 1000 };
}

async function searchOnce(base: string, q: string): Promise<true | string> {
  const res = await fetch(`${base}/api/equipment?q=${encodeURIComponent(q)}`);
  await res.arrayBuffer();
  return res.status === 200 ? true : `HTTP ${res.status}`;
}

/** `count` searches with `concurrency` always in flight (no pause between them): the app at saturation. */
function saturated(base: string, queries: string[], count: number, concurrency: number) {
  let n = 0;
  return timeLoop(count, concurrency, () => searchOnce(base, queries[n++ % queries.length] ?? ''));
}

/** USERS people searching for THINK_SECONDS, each pausing 0.5–1.5 s between searches (seeded). */
async function users(base: string, queries: string[]) {
  const random = seededRandom(42);
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + THINK_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: USERS }, async (_, user) => {
      let n = user * 7;
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500 + random() * 1000));
        const started = performance.now();
        if ((await searchOnce(base, queries[n++ % queries.length] ?? '')) !== true) errors++;
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, errors, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

async function timedImport(file: string, env: Record<string, string>): Promise<{ seconds: number; line: string }> {
  let line = '';
  const started = performance.now();
  const child: Child = startTs(path.join(ROOT, 'scripts/import-equipment.ts'), [file], env, ROOT, (text) => {
    if (/rows in/.test(text)) line = text;
  });
  const code = await waitForExit(child, 900_000, 'import');
  if (code !== 0) throw new Error(`import failed (exit ${code}):\n${child.output.toString()}`);
  return { seconds: (performance.now() - started) / 1000, line };
}

const tuned = await readLabelled('search-eval.jsonl');
const heldOut = await readLabelled('search-holdout.jsonl');
const queries = [...tuned, ...heldOut].map((s) => s.q);

console.log('\n1. Search quality on the demo registry (kinds of instrument, first and among the first five)\n');
const full = indexOf(26_000);
const qualityRows = [
  ['labelled (search-eval.jsonl)', quality(full, tuned)],
  ['held out (search-holdout.jsonl)', quality(full, heldOut)],
] as const;
console.log(
  table(
    ['set', 'searches', 'first', 'top 5'],
    qualityRows.map(([name, r]) => [
      name,
      String(r.total),
      `${r.first} (${fixed((100 * r.first) / r.total, 1)}%)`,
      `${r.topFive} (${fixed((100 * r.topFive) / r.total, 1)}%)`,
    ]),
    ['left', 'right', 'right', 'right'],
  ),
);
for (const [, r] of qualityRows) for (const miss of r.misses) console.log(`  miss ${miss}`);

console.log('\n2. Growth: index build, memory and in-process query time (all labelled queries)\n');
// Fresh indexes: an index keeps the rankings it has answered, so each query is timed cold, once.
const growth = [2_600, 13_000, 26_000].map((size) => {
  const built = indexOf(size);
  return { size: built.count, build: built.buildMs, heap: built.heapMb, ...queryTimes(built, queries) };
});
console.log(
  table(
    ['instruments', 'index build', 'heap', 'query p50', 'query p95'],
    growth.map((g) => [
      whole(g.size),
      `${ms(g.build)} ms`,
      `${fixed(g.heap, 0)} MB`,
      `${ms(g.p50)} ms`,
      `${ms(g.p95)} ms`,
    ]),
    ['right', 'right', 'right', 'right', 'right'],
  ),
);

console.log(`\n3. The app on a fresh embedded database with the demo data (${USERS} concurrent users)\n`);
const workDir = await mkdtemp(path.join(os.tmpdir(), 'bench-equipment-'));
let running: Awaited<ReturnType<typeof runApp>> | undefined;
try {
  running = await runApp(workDir);
  const base = running.base;
  console.log(`  first start with the demo registry: ${fixed(running.startSeconds, 1)} s`);
  const httpRows: string[][] = [];
  const row = (name: string, r: { count: number; errors: number; p50: number; p95: number }, rps = '') =>
    httpRows.push([name, whole(r.count), String(r.errors), `${ms(r.p50)} ms`, `${ms(r.p95)} ms`, rps]);
  row('every labelled query once, cold, 20 in flight', await saturated(base, queries, queries.length, USERS));
  row(`${USERS} users, 0.5–1.5 s between searches, ${THINK_SECONDS} s`, await users(base, queries));
  const busy = await saturated(base, queries, HTTP_SEARCHES, USERS);
  row(`saturation: ${USERS} in flight, no pause`, busy, fixed(busy.rps, 0));
  const one = await saturated(base, queries, 500, 1);
  row('one user, no pause', one, fixed(one.rps, 0));
  console.log(
    table(['load', 'searches', 'errors', 'p50', 'p95', 'req/s'], httpRows, [
      'left',
      'right',
      'right',
      'right',
      'right',
      'right',
    ]),
  );
  const file = path.join(workDir, 'import-26000.csv');
  await writeFile(file, csvOf(demoRegistryWithKinds(26_000).map(({ row: r }) => r)));
  const first = await timedImport(file, running.env);
  console.log(`  import of 26,000 new rows: ${fixed(first.seconds, 1)} s — ${first.line}`);
  const again = await timedImport(file, running.env);
  console.log(`  the same file again: ${fixed(again.seconds, 1)} s — ${again.line}`);
  const after = await users(base, queries);
  console.log(
    `  ${USERS} users after the import (52,105 instruments): p50 ${ms(after.p50)} ms, p95 ${ms(after.p95)} ms (${whole(after.count)} searches)`,
  );
} finally {
  if (running) await stopChild(running.app);
  await rm(workDir, { recursive: true, force: true });
}
