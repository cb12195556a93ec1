// Fault run: `npm run test:faults [-- --rounds 4 --submits 12 --sends 60]`.
//
// In a temporary data folder: seeds the demo data, starts the app (src/main.ts), and for
// each round drives case submits (company1) and chat sends (bursts from one socket)
// while it kills either PostgreSQL (kill -9 of the postmaster; the app's supervisor
// restarts it) or the app itself (kill -9; this script starts it again) at a random
// moment. Failed requests are retried as a user would (a send with the same clientId).
// After the last round it waits for the repair jobs (a minute), then counts from the
// database: sends acknowledged / stored / lost / doubled / out of order, and cases
// half-written (submitted without routing, or a change whose fan-out never finished).
// Exits 1 if any of those is not zero.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import { DEMO_PASSWORD } from '../src/demo/seed';
import {
  demoSessionCookie,
  freePort,
  startTs,
  stopChild,
  waitForExit,
  waitUntilHealthy,
  type Child,
} from './bench-pages-lib';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '4' },
    submits: { type: 'string', default: '12' },
    sends: { type: 'string', default: '60' },
  },
});
const ROUNDS = Number(args.rounds);
const SUBMITS = Number(args.submits);
const SENDS = Number(args.sends);
const BURST = 5;
const ROOT = path.resolve(import.meta.dirname, '..');
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sobujang-faults-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'error', NODE_ENV: 'development' };
let app: Child | undefined;

async function startApp(): Promise<void> {
  app = startTs(path.join(ROOT, 'src/main.ts'), [], env, ROOT);
  await waitUntilHealthy(`${base}/healthz`, app, 60_000);
}

async function killPostgres(): Promise<string> {
  const pid = Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  process.kill(pid, 'SIGKILL');
  return `PostgreSQL (pid ${pid}) killed`;
}

async function killApp(): Promise<string> {
  const pid = app?.process.pid;
  if (pid) process.kill(-pid, 'SIGKILL');
  await app?.exited;
  await startApp();
  return 'app killed and started again';
}

async function json(method: string, url: string, cookie: string, body?: unknown) {
  const res = await fetch(base + url, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** Retries an operation the way a person would: again after a moment, a few times. */
async function retried<T>(attempt: () => Promise<T | undefined>, tries = 20): Promise<T | undefined> {
  for (let i = 0; i < tries; i++) {
    const result = await attempt().catch(() => undefined);
    if (result !== undefined) return result;
    await sleep(1_000);
  }
  return undefined;
}

const submitted = new Set<string>();
async function submitOne(cookie: string, label: string): Promise<void> {
  const draft = await retried(async () => {
    const res = await json('POST', '/api/cases', cookie, {
      title: `FAULT ${label} 고온 신뢰성 평가`,
      description: '배터리 모듈의 고온 고습 신뢰성 평가와 열충격 시험이 필요합니다. 시험 조건 자문도 부탁드립니다.',
      supportTypes: ['신뢰성평가'],
    });
    return res.status === 201 ? String((res.body.case as { id: string }).id) : undefined;
  });
  if (!draft) return;
  submitted.add(draft);
  await retried(async () => {
    const res = await json('POST', `/api/cases/${draft}/transitions`, cookie, { action: 'submit' });
    // 409: an earlier try went through (the case is no longer a draft).
    return res.status === 200 || res.status === 409 ? true : undefined;
  });
}

type Send = { clientId: string; order: number; seq?: number };
const sends: Send[] = [];

function ack(socket: Socket, caseId: string, send: Send): Promise<number | undefined> {
  return socket
    .timeout(10_000)
    .emitWithAck('chat:send', { caseId, clientId: send.clientId, text: `fault ${send.order}` })
    .then((reply: { ok: boolean; message?: { seq: number } }) => (reply.ok ? reply.message?.seq : undefined));
}

/** Sends a burst, then again only what was not acknowledged (as the browser's outbox does). */
async function sendBurst(socket: Socket, caseId: string, burst: Send[]): Promise<void> {
  await retried(async () => {
    if (!socket.connected) return undefined;
    const open = burst.filter((send) => send.seq === undefined);
    const seqs = await Promise.all(open.map((send) => ack(socket, caseId, send).catch(() => undefined)));
    open.forEach((send, i) => (send.seq = seqs[i]));
    return burst.every((send) => send.seq !== undefined) ? true : undefined;
  }, 60);
}

async function round(n: number, cookie: string, socket: Socket, caseId: string): Promise<string> {
  const fault = sleep(500 + Math.random() * 3_000).then(() => (n % 2 === 0 ? killPostgres() : killApp()));
  const traffic = (async () => {
    for (let i = 0; i < SUBMITS; i++) await submitOne(cookie, `${n}-${i}`);
  })();
  const chat = (async () => {
    for (let i = 0; i < SENDS; i += BURST) {
      const burst = Array.from({ length: Math.min(BURST, SENDS - i) }, (_, k) => ({
        clientId: `fault-${n}-${i + k}-${Math.random().toString(36).slice(2, 8)}`,
        order: sends.length + k,
      }));
      sends.push(...burst);
      await sendBurst(socket, caseId, burst);
      await sleep(2_600); // stays under the send limit (10 at once, then 2 a second)
    }
  })();
  const [happened] = await Promise.all([fault, traffic, chat]);
  return happened;
}

type Counts = Record<string, number>;

async function count(caseId: string): Promise<Counts> {
  const { ferretdbPort } = JSON.parse(await readFile(path.join(dataDir, 'embedded.json'), 'utf8')) as {
    ferretdbPort: number;
  };
  const client = await mongoose.mongo.MongoClient.connect(`mongodb://127.0.0.1:${ferretdbPort}/sobujang`);
  try {
    const db = client.db();
    const stored = await db
      .collection<{ _id: string; clientId?: string; seq: number; t: string }>('chatentries')
      .find({ caseId, t: 'm' })
      .toArray();
    const byClient = new Map<string, number[]>();
    for (const m of stored) if (m.clientId) byClient.set(m.clientId, [...(byClient.get(m.clientId) ?? []), m.seq]);
    const acked = sends.filter((s) => s.seq !== undefined);
    const inOrder = acked.every((s, i) => i === 0 || (acked[i - 1]?.seq ?? 0) < (s.seq ?? 0));
    const cases = await db
      .collection<{ _id: mongoose.Types.ObjectId; status: string; routing?: unknown; escalated?: boolean }>('cases')
      .find({ title: /^FAULT / })
      .toArray();
    const pending = await db.collection('cases').countDocuments({ changePending: true });
    return {
      'sends made': sends.length,
      'sends acknowledged': acked.length,
      'sends stored': sends.filter((s) => byClient.has(s.clientId)).length,
      'acknowledged but lost': acked.filter((s) => !byClient.has(s.clientId)).length,
      'stored twice': [...byClient.values()].filter((seqs) => seqs.length > 1).length,
      'out of order': inOrder ? 0 : 1,
      'cases submitted': cases.filter((c) => c.status !== 'draft').length,
      'half-written (submitted, never routed)': cases.filter(
        (c) => c.status === 'submitted' && !c.routing && !c.escalated,
      ).length,
      'changes not followed (changePending)': pending,
    };
  } finally {
    await client.close();
  }
}

try {
  const seeder = startTs(path.join(ROOT, 'scripts/seed.ts'), ['--demo'], env, ROOT);
  if ((await waitForExit(seeder, 300_000, 'seeding')) !== 0) throw new Error(seeder.output.toString());
  await startApp();
  const cookie = await demoSessionCookie(base, 'company1@demo.test', DEMO_PASSWORD);
  const list = await json('GET', '/api/cases', cookie);
  const caseId = (list.body.items as { id: string; status: string }[]).find((c) => c.status !== 'draft')?.id;
  if (!caseId) throw new Error('no submitted demo case of company1');
  const socket = connect(base, { transports: ['websocket'], extraHeaders: { cookie }, reconnectionDelay: 200 });
  socket.on('connect', () => socket.emit('chat:join', { caseId }));
  for (let n = 1; n <= ROUNDS; n++) console.log(`round ${n}: ${await round(n, cookie, socket, caseId)}`);
  socket.disconnect();
  console.log('waiting 75 s for the repair jobs (change replay, stranded submissions)…');
  await sleep(75_000);
  const counts = await count(caseId);
  for (const [what, n] of Object.entries(counts)) console.log(`${what.padEnd(42)} ${n}`);
  const broken = ['acknowledged but lost', 'stored twice', 'out of order', 'half-written (submitted, never routed)'];
  const failed =
    broken.some((what) => (counts[what] ?? 0) > 0) || (counts['changes not followed (changePending)'] ?? 0) > 0;
  process.exitCode = failed ? 1 : 0;
} finally {
  if (app) await stopChild(app);
  await rm(dataDir, { recursive: true, force: true });
}
