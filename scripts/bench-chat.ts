// Chat speed: `npm run bench:chat [-- --clients 500 --rate 200 --seconds 10 --stored 100000]`.
// Starts its own embedded FerretDB with generated companies, engineers and cases,
// then for each setup — the app with chat in one process, the app in two processes
// sharing rooms through Redis (when REDIS_URL or 127.0.0.1:6379 answers), and a bare
// Socket.IO broadcast that stores nothing — connects the clients (five per case room:
// two tabs of the company, the lead and a participant engineer, the coordinator) and
//   1. sends `rate` messages per second for `seconds` and measures delivery latency:
//      from send until every member of the room has received the message;
//   2. sends as fast as it can (a window of messages in flight) and counts messages per second.
// Before that it stores `stored` messages of other cases, so the store is measured as it
// is after a while in service, not empty.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { createClient } from 'redis';
import { io as connect, type Socket } from 'socket.io-client';
import { User } from '../src/accounts/model';
import type { Role } from '../src/accounts/roles';
import { Case } from '../src/cases/model';
import { Company } from '../src/companies/model';
import { connectMongoose, prepareCollections } from '../src/core/db/database';
import { EmbeddedDatabase } from '../src/core/db/embedded-database';
import { ensureFerretdbBinary } from '../src/core/db/ferretdb-binary';
import { createLogger } from '../src/core/logger';
import { seedCatalogue } from '../src/institutes/catalogue';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '500' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    window: { type: 'string', default: '256' },
    'saturate-seconds': { type: 'string', default: '5' },
    redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    only: { type: 'string' },
    stored: { type: 'string', default: '100000' },
  },
});
const CLIENTS = Number(args.clients);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const WINDOW = Number(args.window);
const SATURATE_SECONDS = Number(args['saturate-seconds']);
const PER_ROOM = 5;
const ROOMS = Math.ceil(CLIENTS / PER_ROOM);
const SERVER = path.resolve(import.meta.dirname, 'bench-chat-server.ts');
const log = createLogger('warn');

type Member = { userId: string; caseId: string };
type Server = { url: string; child: ChildProcess };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const hash = '$2b$04$abcdefghijklmnopqrstuuJ2QFXy6V0a3zvHbYrJ3nQjJ0Z5Y8r1e'; // nobody logs in with a password here
/** One bench user; each socket of the bench is a person of their own (the app caps sockets per user). */
const benchUser = (
  email: string,
  name: string,
  role: Role,
  extra: { instituteCode?: string; companyId?: mongoose.Types.ObjectId } = {},
) => User.create({ email, passwordHash: hash, name, role, ...extra });

/** Fresh companies and case rooms for one setup, so that every setup starts with empty rooms. */
async function seed(setup: number): Promise<Member[]> {
  const institutes = seedCatalogue().institutes.map((i) => i.code);
  const members: Member[] = [];
  for (let n = 0; n < ROOMS; n++) {
    const r = setup * ROOMS + n;
    const company = await Company.create({
      name: `벤치기업 ${r}`,
      businessNumber: String(1_000_000_000 + r),
      size: '중소기업',
      industry: '반도체',
      region: '경기',
    });
    const user = await User.create({
      email: `bench-company${r}@bench.test`,
      passwordHash: hash,
      name: `기업 담당 ${r}`,
      role: 'company',
      companyId: company._id,
    });
    const lead = institutes[r % institutes.length]!;
    const participant = institutes[(r + 1) % institutes.length]!;
    const c = await Case.create({
      number: `B-${String(r).padStart(5, '0')}`,
      companyId: company._id,
      companyName: company.name,
      createdBy: { id: String(user._id), name: user.name },
      title: `벤치 과제 ${r}`,
      description: '벤치마크용 과제입니다. 대화 성능을 잽니다. 스무 자를 넘는 설명입니다.',
      status: 'in_progress',
      lead,
      offeredTo: lead,
      participants: [participant],
      visibleTo: [lead, participant],
    });
    const caseId = String(c._id);
    const [colleague, leadEngineer, participantEngineer, coordinator] = await Promise.all([
      benchUser(`bench-colleague${r}@bench.test`, `기업 동료 ${r}`, 'company', { companyId: company._id }),
      benchUser(`bench-lead${r}@bench.test`, `${lead} 엔지니어 ${r}`, 'engineer', { instituteCode: lead }),
      benchUser(`bench-part${r}@bench.test`, `${participant} 엔지니어 ${r}`, 'engineer', {
        instituteCode: participant,
      }),
      benchUser(`bench-desk${r}@bench.test`, `벤치 코디네이터 ${r}`, 'coordinator'),
    ]);
    const room = [user, colleague, leadEngineer, participantEngineer, coordinator].map((u) => String(u._id));
    for (const userId of room.slice(0, Math.min(PER_ROOM, CLIENTS - members.length))) members.push({ userId, caseId });
  }
  return members;
}

function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const port = (JSON.parse(line) as { port?: number }).port;
      if (port) resolve({ url: `http://127.0.0.1:${port}`, child });
      else if (process.env.BENCH_LOG_LEVEL) console.log(line);
    });
  });
}

async function cookieFor(url: string, userId: string, cache: Map<string, string>): Promise<string> {
  const key = `${url} ${userId}`;
  const known = cache.get(key);
  if (known) return known;
  const res = await fetch(`${url}/bench/login/${userId}`, { method: 'POST' });
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('sobujang.sid='))
    ?.split(';')[0];
  if (!cookie) throw new Error(`bench login failed: ${res.status}`);
  cache.set(key, cookie);
  return cookie;
}

type Run = {
  rate: { sent: number; delivered: number; perSecond: number; p50: number; p99: number; max: number; failed: number };
  saturation: number;
};

async function run(name: string, servers: Server[], members: Member[], bare: boolean): Promise<Run> {
  const cookies = new Map<string, string>();
  const sockets: { socket: Socket; caseId: string }[] = [];
  const pending = new Map<string, { at: number; left: number; done: (ms: number) => void }>();
  const roomSize = new Map<string, number>();
  const joinTimes: number[] = [];
  for (const m of members) roomSize.set(m.caseId, (roomSize.get(m.caseId) ?? 0) + 1);

  for (let i = 0; i < members.length; i += 25) {
    await Promise.all(
      members.slice(i, i + 25).map(async (m, j) => {
        const server = servers[(i + j) % servers.length]!;
        const cookie = bare ? '' : await cookieFor(server.url, m.userId, cookies);
        const socket = connect(server.url, {
          transports: ['websocket'],
          extraHeaders: cookie ? { cookie } : {},
          forceNew: true,
        });
        socket.on('chat:message', (p: { message: { clientId: string } }) => {
          const entry = pending.get(p.message.clientId);
          if (!entry) return;
          entry.left -= 1;
          if (entry.left === 0) {
            pending.delete(p.message.clientId);
            entry.done(performance.now() - entry.at);
          }
        });
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        const joinStart = performance.now();
        const ack = (await socket
          .timeout(120_000)
          .emitWithAck('chat:join', { caseId: m.caseId })
          .catch(() => ({ ok: false, error: 'timeout' }))) as { ok: boolean; error?: string };
        joinTimes.push(performance.now() - joinStart);
        if (!ack.ok) throw new Error(`join failed: ${ack.error}`);
        sockets.push({ socket, caseId: m.caseId });
      }),
    );
  }
  await new Promise((r) => setTimeout(r, 500));
  joinTimes.sort((x, y) => x - y);
  const joins = `joins p50 ${percentile(joinTimes, 50).toFixed(0)} ms p99 ${percentile(joinTimes, 99).toFixed(0)} ms`;

  let counter = 0;
  let failed = 0;
  const send = () =>
    new Promise<number>((resolve) => {
      const from = sockets[Math.floor(Math.random() * sockets.length)]!;
      const clientId = `b${(counter++).toString(36)}x${Math.random().toString(36).slice(2, 8)}`;
      pending.set(clientId, { at: performance.now(), left: roomSize.get(from.caseId) ?? PER_ROOM, done: resolve });
      from.socket
        .timeout(30_000)
        .emitWithAck('chat:send', {
          caseId: from.caseId,
          clientId,
          text: `벤치 메시지 ${counter} — 시험 일정과 시료 준비 상황을 공유합니다.`,
        })
        .then((ack: { ok: boolean }) => {
          if (!ack.ok) {
            failed++;
            pending.delete(clientId);
            resolve(-1);
          }
        })
        .catch(() => {
          failed++;
          pending.delete(clientId);
          resolve(-1);
        });
    });

  // 0. warm up (connections, caches, JIT) for two seconds at the rate, not measured
  const warmEnd = performance.now() + 2000;
  while (performance.now() < warmEnd) {
    void send();
    await new Promise((r) => setTimeout(r, 1000 / RATE));
  }
  await new Promise((r) => setTimeout(r, 500));
  pending.clear();
  failed = 0;

  // 1. a steady rate
  const latencies: number[] = [];
  const waits: Promise<void>[] = [];
  const start = performance.now();
  const total = RATE * SECONDS;
  for (let n = 0; n < total; n++) {
    const due = start + (n * 1000) / RATE;
    const now = performance.now();
    if (due > now) await new Promise((r) => setTimeout(r, due - now));
    waits.push(send().then((ms) => void (ms >= 0 && latencies.push(ms))));
  }
  await Promise.race([Promise.all(waits), new Promise((r) => setTimeout(r, 10_000))]);
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const rate = {
    sent: total,
    delivered: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    failed,
  };
  pending.clear();

  // 2. as fast as it goes: keep WINDOW messages in flight
  let completed = 0;
  const satStart = performance.now();
  const satEnd = satStart + SATURATE_SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < satEnd) {
      if ((await send()) >= 0) completed++;
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, worker));
  const saturation = completed / ((performance.now() - satStart) / 1000);

  for (const { socket } of sockets) socket.disconnect();
  console.log(
    `${name.padEnd(28)} rate ${rate.perSecond.toFixed(0).padStart(5)} msg/s  p50 ${rate.p50.toFixed(1).padStart(6)} ms  p99 ${rate.p99.toFixed(1).padStart(6)} ms  max ${rate.max.toFixed(0).padStart(5)} ms  delivered ${rate.delivered}/${rate.sent}${rate.failed ? ` failed ${rate.failed}` : ''}  | saturation ${saturation.toFixed(0)} msg/s  (${joins})`,
  );
  return { rate, saturation };
}

/** Messages of other cases (a thousand each), as a store in service holds them. */
async function storeHistory(count: number): Promise<void> {
  const entries = mongoose.connection.collection<{ _id: string }>('chatentries');
  for (let start = 0; start < count; start += 1000) {
    const caseId = String(new mongoose.Types.ObjectId());
    const batch = Array.from({ length: Math.min(1000, count - start) }, (_, k) => {
      const seq = k + 1;
      return {
        _id: `${caseId}:${String(seq).padStart(10, '0')}`,
        t: 'm',
        caseId,
        seq,
        key: `${caseId}:k:history:${k}`,
        clientId: `history-${k}`,
        kind: 'user',
        text: '지난 대화 내용입니다. 시료 발송 일정과 시험 조건을 확인합니다.',
        author: null,
        createdAt: new Date(),
      };
    });
    for (let i = 0; i < batch.length; i += 500) await entries.insertMany(batch.slice(i, i + 500));
  }
}

async function redisAvailable(url: string): Promise<boolean> {
  const client = createClient({ url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.close();
    return true;
  } catch {
    return false;
  }
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sobujang-bench-db-'));
const binary = await ensureFerretdbBinary(process.env.FERRETDB_BIN || undefined, (line) => console.log(line));
const db = await EmbeddedDatabase.start({ binary, dataDir, log });
const uri = db.uri;
await connectMongoose(uri);
await prepareCollections(db);
const children: ChildProcess[] = [];
const prefix = `sobujang-bench-${process.pid}`;
try {
  const stored = Number(args.stored);
  const storing = Date.now();
  await storeHistory(stored);
  console.log(`${stored} messages stored beforehand in ${((Date.now() - storing) / 1000).toFixed(1)} s`);
  const members = await seed(0);
  console.log(
    `${members.length} clients in ${ROOMS} case rooms (${PER_ROOM} per room), ${RATE} msg/s for ${SECONDS} s, then saturation with ${WINDOW} in flight for ${SATURATE_SECONDS} s`,
  );
  const results: Record<string, Run> = {};

  const wanted = (name: string) => !args.only || args.only.split(',').includes(name);
  if (wanted('bare')) {
    const bare = await startServer({ BENCH_MODE: 'bare' });
    children.push(bare.child);
    results.bare = await run('bare broadcast (no store)', [bare], members, true);
    bare.child.kill();
  }

  if (wanted('chat')) {
    const one = await startServer({ BENCH_MODE: 'chat', MONGODB_URI: uri, REDIS_URL: '' });
    children.push(one.child);
    results.chat = await run('chat, 1 process', [one], await seed(1), false);
    one.child.kill();
  }

  if (!wanted('redis')) {
    // skipped
  } else if (await redisAvailable(args.redis)) {
    const env = { BENCH_MODE: 'chat', MONGODB_URI: uri, REDIS_URL: args.redis, CHAT_REDIS_PREFIX: prefix };
    const pair = await Promise.all([startServer(env), startServer(env)]);
    children.push(...pair.map((s) => s.child));
    results.redis = await run('chat, 2 processes + Redis', pair, await seed(2), false);
    for (const s of pair) s.child.kill();
  } else {
    console.log(`Redis at ${args.redis} does not answer: skipping the two-process run`);
  }

  const base = results.bare?.saturation ?? Number.NaN;
  for (const [name, r] of Object.entries(results)) {
    if (name === 'bare') continue;
    console.log(
      `${name}: saturation ${((r.saturation / base) * 100).toFixed(0)}% of the bare broadcast; p99 at ${RATE} msg/s ${r.rate.p99.toFixed(1)} ms (target ≤ 50 ms)`,
    );
  }
} finally {
  for (const child of children) child.kill();
  const redis = createClient({ url: args.redis });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 }))
      if (keys.length) await redis.del(keys);
    await redis.close();
  } catch {
    // no Redis
  }
  await mongoose.disconnect();
  await db.stop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(0);
