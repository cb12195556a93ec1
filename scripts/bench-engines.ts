// Why the embedded default is FerretDB on PostgreSQL: `npm run bench:engines [-- --sizes 1000,25000]`.
// Starts the same FerretDB 1.24.2 binary twice — on SQLite (the former default) and on
// the embedded PostgreSQL with the app's GIN indexes — fills both with the same
// case-shaped documents, and times the app's query shapes on each, one at a time:
// a lookup by _id, a bounded list by key (~200 matches), the same list by a field
// without an index, and a count. Prints milliseconds (median of 7) per size.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { EmbeddedDatabase } from '../src/core/db/embedded-database';
import { ensureFerretdbBinary } from '../src/core/db/ferretdb-binary';
import { ensurePostgresIndexes } from '../src/core/db/postgres-indexes';
import { findFreePort, portAnswers } from '../src/core/db/supervised-process';
import { createLogger } from '../src/core/logger';

const { values: args } = parseArgs({ options: { sizes: { type: 'string', default: '1000,25000' } } });
const SIZES = args.sizes.split(',').map(Number);
const REPEATS = 7;
const log = createLogger('warn');

type Engine = { name: string; uri: string; prepare(): Promise<void>; stop(): Promise<void> };

async function sqliteEngine(binary: string, dir: string): Promise<Engine> {
  const port = await findFreePort();
  await mkdir(path.join(dir, 'sqlite'), { recursive: true });
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/sqlite/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=error',
    ],
    { stdio: 'ignore' },
  );
  while (!(await portAnswers(port))) await new Promise((r) => setTimeout(r, 100));
  return {
    name: 'FerretDB on SQLite',
    uri: `mongodb://127.0.0.1:${port}/bench`,
    prepare: async () => undefined,
    stop: async () => void child.kill(),
  };
}

async function postgresEngine(binary: string, dir: string): Promise<Engine> {
  const db = await EmbeddedDatabase.start({ binary, dataDir: dir, log });
  return {
    name: 'FerretDB on PostgreSQL + GIN',
    uri: db.uri,
    prepare: () => ensurePostgresIndexes(db.postgresUrl),
    stop: () => db.stop(),
  };
}

/** A case-shaped document of about 2 KB, like a stored case with its audit trail. */
function caseDoc(k: number) {
  const at = new Date(Date.now() - k * 60_000);
  return {
    _id: new mongoose.Types.ObjectId(),
    number: `2026-${String(k).padStart(6, '0')}`,
    companyId: `company-${k % 5000}`,
    title: `반도체 공정 불량 원인 분석 ${k}`,
    description: '웨이퍼 표면 결함이 로트마다 다르게 나타납니다. 원인 분석과 공정 조건 자문이 필요합니다.',
    status: ['routed', 'accepted', 'in_progress', 'resolved', 'closed'][k % 5],
    listKeys: [`desk:w${Math.floor(k / 200)}`, `inst:KETI:m${Math.floor(k / 200)}`],
    bucket: `w${Math.floor(k / 200)}`,
    routing: {
      ranked: Array.from({ length: 4 }, (_, i) => ({
        institute: `I${i}`,
        score: 1 - i / 10,
        reasons: ['전문 분야와 일치하는 장비 보유'],
      })),
    },
    audit: Array.from({ length: 6 }, (_, i) => ({
      at,
      actorId: 'system',
      actorName: '시스템',
      action: `step${i}`,
      to: 'x',
    })),
    createdAt: at,
    updatedAt: at,
  };
}

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
}

async function measure(engine: Engine, sizes: number[]): Promise<void> {
  const client = new mongoose.mongo.MongoClient(engine.uri);
  await client.connect();
  const cases = client.db().collection<ReturnType<typeof caseDoc>>('cases');
  await cases.insertOne(caseDoc(0));
  await engine.prepare();
  let stored = 1;
  for (const size of sizes) {
    for (; stored < size; stored += 500) {
      await cases.insertMany(Array.from({ length: Math.min(500, size - stored) }, (_, i) => caseDoc(stored + i)));
    }
    const probe = await cases.findOne({ number: `2026-${String(Math.floor(size / 2)).padStart(6, '0')}` });
    const key = probe?.listKeys[0] ?? '';
    const figures = {
      'findOne {_id}': await median(() => cases.findOne({ _id: probe?._id })),
      'list {listKeys} (~200)': await median(() => cases.find({ listKeys: key }).toArray()),
      'same list, unindexed field': await median(() => cases.find({ bucket: probe?.bucket }).toArray()),
      'count {companyId}': await median(() => cases.countDocuments({ companyId: probe?.companyId })),
    };
    const line = Object.entries(figures)
      .map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`)
      .join(' | ');
    console.log(`${engine.name.padEnd(30)} ${String(size).padStart(7)} docs: ${line}`);
  }
  await client.close();
}

const binary = await ensureFerretdbBinary(process.env.FERRETDB_BIN || undefined, (line) => console.log(line));
for (const start of [sqliteEngine, postgresEngine]) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sobujang-engines-'));
  const engine = await start(binary, dir);
  try {
    await measure(engine, SIZES);
  } finally {
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
