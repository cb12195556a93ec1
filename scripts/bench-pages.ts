// Page and JSON speed at scale: `npm run bench:pages [-- --sizes 1000,25000,250000
// --requests 200 --concurrency 20]`.
//
// In a temporary data folder, for each database size in turn (smallest first):
//   1. seeds the demo accounts and cases up to that size (scripts/seed.ts --volume,
//      which adds cases, so each size adds the difference), with the app stopped;
//   2. starts the app (src/main.ts) on a free port at 127.0.0.1 and waits for /healthz,
//      then for the escalation job's first run (it changes late cases one minute after
//      start), so every size is measured on a settled database;
//   3. logs in once per role (company1, the KETI engineer, the coordinator) and reuses
//      the cookie; picks one case per role from its own list;
//   4. for each endpoint a role uses most: ~10 warm-up requests, then `requests` GETs
//      with `concurrency` in flight, timed one by one (p50/p95/max, requests/s); then the
//      same database queries through the raw driver on the same database at the same
//      concurrency and count, so "app/raw" shows what the app adds on top of the database;
//   5. stops the app.
// Results go to stdout as tables and to bench-results/pages-<timestamp>.json.
// The temporary folder and every child process are removed at the end, also on failure.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { dayOf, monthOf } from '../src/cases/list-keys';
import { defaultPeriod } from '../src/dashboard/figures';
import { monthsOf } from '../src/dashboard/month-rows';
import {
  codeFingerprint,
  fixed,
  freePort,
  ms,
  startTs,
  stopChild,
  table,
  timeLoop,
  waitForExit,
  waitUntilHealthy,
  whole,
  type Child,
  type Outcome,
  type Stats,
} from './bench-pages-lib';

const { MongoClient, ObjectId } = mongoose.mongo;
type Db = mongoose.mongo.Db;
type Filter = mongoose.mongo.Filter<mongoose.mongo.Document>;

// ---- arguments

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,25000,250000' },
    requests: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '20' },
  },
});

function positiveInteger(value: string, name: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes whole numbers above 0, not "${value}"`);
  return n;
}

const SIZES = args.sizes.split(',').map((s) => positiveInteger(s.trim(), 'sizes'));
const REQUESTS = positiveInteger(args.requests, 'requests');
const CONCURRENCY = positiveInteger(args.concurrency, 'concurrency');
if (SIZES.some((size, i) => i > 0 && size <= (SIZES[i - 1] ?? 0)))
  throw new Error('--sizes must grow, e.g. 1000,25000,250000 (each size adds cases to the previous one)');

const ROOT = path.resolve(import.meta.dirname, '..');
const WARM_UP = 10;
const REQUEST_TIMEOUT_MS = 60_000;
const PASSWORD = 'demo-pass-2026';

// ---- the app as the roles see it

type Role = 'company' | 'engineer' | 'coordinator';
const ACCOUNTS: Record<Role, string> = {
  company: 'company1@demo.test',
  engineer: 'eng.keti@demo.test',
  coordinator: 'coordinator@demo.test',
};

type Who = {
  role: Role;
  cookie: string;
  /** The session id as the session store keeps it. */
  sid: string;
  userId: string;
  companyId?: string;
  instituteCode?: string;
};

type Ids = { company: string; engineer: string; desk: string };

function headers(who: Who, page: boolean): Record<string, string> {
  return { cookie: who.cookie, 'accept-language': 'ko', accept: page ? 'text/html' : 'application/json' };
}

async function get(base: string, url: string, who: Who, page: boolean): Promise<Outcome> {
  const res = await fetch(base + url, {
    headers: headers(who, page),
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = await res.arrayBuffer();
  if (res.status === 200) return true;
  return `HTTP ${res.status}: ${new TextDecoder().decode(body).slice(0, 160)}`;
}

async function getJson<T>(base: string, url: string, who: Who): Promise<T> {
  const res = await fetch(base + url, {
    headers: headers(who, false),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (res.status !== 200) throw new Error(`GET ${url} as ${who.role}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type LoginAnswer = { user: { id: string; companyId?: string; instituteCode?: string } };

/** One successful login per role (the limiter only counts failures). */
async function logIn(base: string, role: Role): Promise<Who> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'ko' },
    body: JSON.stringify({ email: ACCOUNTS[role], password: PASSWORD }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (res.status !== 200) throw new Error(`login of ${ACCOUNTS[role]} failed: HTTP ${res.status} ${await res.text()}`);
  const { user } = (await res.json()) as LoginAnswer;
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('sobujang.sid='))
    ?.split(';')[0];
  if (!cookie) throw new Error(`login of ${ACCOUNTS[role]} set no session cookie`);
  // "sobujang.sid=s%3A<sid>.<signature>"
  const signed = decodeURIComponent(cookie.slice('sobujang.sid='.length));
  const sid = signed.slice(2, signed.lastIndexOf('.'));
  return { role, cookie, sid, userId: user.id, companyId: user.companyId, instituteCode: user.instituteCode };
}

type ListAnswer = { items: { id: string; status: string }[] };

/** The first case of the list whose chat the role may read (drafts have none), or just the first. */
async function pickCase(base: string, who: Who, lists: string[], withChat: boolean): Promise<string> {
  for (const list of lists) {
    const { items } = await getJson<ListAnswer>(base, list, who);
    for (const item of items.filter((c) => c.status !== 'draft')) {
      if (!withChat || (await get(base, `/api/cases/${item.id}/messages`, who, false)) === true) return item.id;
    }
  }
  throw new Error(`no case for ${who.role} in ${lists.join(', ')}`);
}

// ---- the same queries through the raw driver

// Read from src/cases/list.ts, src/chat/access.ts, src/equipment/service.ts, src/cases/pages.ts.
const CHAT_CASE_FIELDS = {
  companyId: 1,
  companyName: 1,
  number: 1,
  title: 1,
  status: 1,
  lead: 1,
  offeredTo: 1,
  participants: 1,
};
const messageId = (caseId: string, seq: number) => `${caseId}:${String(seq).padStart(10, '0')}`;

type Raw = { db: Db; who: Who; ids: Ids; lastSeq: Map<string, number> };

const strings = (db: Db, name: string) => db.collection<{ _id: string }>(name);

/**
 * What every signed-in request reads before its own queries, in order: express-session
 * loads the session (connect-mongo findOne by id, not expired), passport loads the user
 * (findOne {_id, active}), and pages count the unread notifications for the bell (app.ts
 * pageLocals). The session store's touch (a write) happens at most once an hour
 * (core/http/session.ts touchAfter), so not within a run.
 */
async function asSignedInRequest(raw: Raw, page: boolean, queries: () => Promise<unknown>): Promise<Outcome> {
  const { db, who } = raw;
  const now = new Date();
  await strings(db, 'sessions').findOne({
    _id: who.sid,
    $or: [{ expires: { $exists: false } }, { expires: { $gt: now } }],
  });
  await db.collection('users').findOne({ _id: new ObjectId(who.userId), active: true });
  if (page) await db.collection('notifications').countDocuments({ unreadFor: who.userId });
  await queries();
  return true;
}

/**
 * A case list (list.ts, list-cache.ts) once warm: the global stamp and each list key's
 * stamp by id. The rows themselves are held in memory and read again only after a
 * change to the list, which the timed runs do not make.
 */
const caseList = (db: Db, keys: string[]) =>
  Promise.all(['*', ...keys].map((key) => strings(db, 'liststamps').findOne({ _id: key })));

/** The case page: the whole case by id; the desk also gets the institutes for the reroute form. */
async function casePage(db: Db, id: string, desk: boolean): Promise<void> {
  await db.collection('cases').findOne({ _id: new ObjectId(id) });
  if (desk)
    await db
      .collection('institutes')
      .find({}, { projection: { code: 1, nameKo: 1, status: 1 } })
      .sort({ code: 1 })
      .toArray();
}

/**
 * Chat history (chat/api.ts, chat/service.ts historyPage) once warm: the case's access
 * fields by id (authorizeChat asks fresh), then one probe for a message after the last
 * known seq. The 30 messages themselves come from the app's message cache after the
 * first request, so they are not read again.
 */
async function chatHistory(raw: Raw, caseId: string): Promise<void> {
  await raw.db.collection('cases').findOne({ _id: new ObjectId(caseId) }, { projection: CHAT_CASE_FIELDS });
  const next = messageId(caseId, (raw.lastSeq.get(caseId) ?? 0) + 1);
  await strings(raw.db, 'chatentries').findOne({ _id: next }, { projection: { _id: 1 } });
}

/**
 * The bell's list (notifications/service.ts): this month's box, and last month's when this
 * one has fewer than 20, in parallel with the unread count.
 */
async function notificationList(raw: Raw): Promise<void> {
  const { db, who } = raw;
  const now = new Date();
  const box = (at: Date) =>
    db
      .collection('notifications')
      .find({ box: `${who.userId}:${monthOf(at)}` })
      .toArray();
  const newest = async () => {
    const thisMonth = await box(now);
    if (thisMonth.length < 20) await box(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)));
  };
  await Promise.all([newest(), db.collection('notifications').countDocuments({ unreadFor: who.userId })]);
}

/**
 * The dashboard for this year (dashboard/service.ts, month-rows.ts): each month's stamp.
 * The institutes come from the catalogue in memory, and after the warm-up the app holds
 * every month's rows, and the figures computed from them, at the current stamps; so it
 * reads no `dashboardmonths` summary and no cases.
 */
async function dashboardReads(db: Db): Promise<void> {
  await Promise.all(
    monthsOf(defaultPeriod(new Date())).map((month) => strings(db, 'dashboardstamps').findOne({ _id: month })),
  );
}

/**
 * Equipment search (equipment/service.ts) once warm: none of its own. The catalogue is
 * held in memory (read again at most once a minute) and searched there, and the
 * institutes' names come from the catalogue file.
 */
const equipmentSearch = async (): Promise<void> => undefined;

// ---- what is timed

type Endpoint = {
  role: Role;
  /** As printed; <id> is the case picked for the role. */
  name: string;
  url: (ids: Ids) => string;
  page: boolean;
  /** The endpoint's own database queries (asSignedInRequest adds the session's). */
  queries: (raw: Raw) => Promise<unknown>;
};

const SEARCH = '반도체';
const EQUIPMENT_SEARCH = '분석';
const inst = (raw: Raw) => `inst:${raw.who.instituteCode ?? '-'}`;
const companyCases = (raw: Raw) => caseList(raw.db, [`co:${raw.who.companyId ?? '-'}`]);
const deskQueue = (raw: Raw) => caseList(raw.db, ['desk:queue']);
const deskDay = (raw: Raw) => caseList(raw.db, [`desk:${dayOf(new Date())}`]);

const ENDPOINTS: Endpoint[] = [
  { role: 'company', name: '/cases (page)', url: () => '/cases', page: true, queries: companyCases },
  { role: 'company', name: '/api/cases', url: () => '/api/cases', page: false, queries: companyCases },
  {
    role: 'company',
    name: '/cases/<id> (page)',
    url: (ids) => `/cases/${ids.company}`,
    page: true,
    queries: (raw) => casePage(raw.db, raw.ids.company, false),
  },
  {
    role: 'company',
    name: '/api/cases/<id>/messages',
    url: (ids) => `/api/cases/${ids.company}/messages`,
    page: false,
    queries: (raw) => chatHistory(raw, raw.ids.company),
  },
  {
    role: 'company',
    name: '/api/notifications',
    url: () => '/api/notifications',
    page: false,
    queries: notificationList,
  },
  {
    role: 'engineer',
    name: '/cases (page, view new)',
    url: () => '/cases',
    page: true,
    queries: (raw) => caseList(raw.db, [`${inst(raw)}:offered`]),
  },
  {
    role: 'engineer',
    name: '/api/cases?view=all',
    url: () => '/api/cases?view=all',
    page: false,
    queries: (raw) => caseList(raw.db, [`${inst(raw)}:open`]),
  },
  {
    role: 'engineer',
    name: '/api/cases?view=mine',
    url: () => '/api/cases?view=mine',
    page: false,
    queries: (raw) => caseList(raw.db, [`eng:${raw.who.userId}:open`]),
  },
  {
    role: 'engineer',
    name: '/cases/<id> (page)',
    url: (ids) => `/cases/${ids.engineer}`,
    page: true,
    queries: (raw) => casePage(raw.db, raw.ids.engineer, false),
  },
  {
    role: 'engineer',
    name: '/api/cases/<id>/messages',
    url: (ids) => `/api/cases/${ids.engineer}/messages`,
    page: false,
    queries: (raw) => chatHistory(raw, raw.ids.engineer),
  },
  { role: 'coordinator', name: '/cases (page, view queue)', url: () => '/cases', page: true, queries: deskQueue },
  {
    role: 'coordinator',
    name: '/api/cases?view=queue',
    url: () => '/api/cases?view=queue',
    page: false,
    queries: deskQueue,
  },
  {
    role: 'coordinator',
    name: '/api/cases?view=all (today)',
    url: () => '/api/cases?view=all',
    page: false,
    queries: deskDay,
  },
  {
    role: 'coordinator',
    name: '/api/cases?view=all&period=open',
    url: () => '/api/cases?view=all&period=open',
    page: false,
    queries: (raw) => caseList(raw.db, ['desk:open']),
  },
  {
    role: 'coordinator',
    name: `/api/cases?q=${SEARCH}`,
    url: () => `/api/cases?q=${encodeURIComponent(SEARCH)}`,
    page: false,
    queries: deskDay,
  },
  {
    role: 'coordinator',
    name: '/dashboard (page)',
    url: () => '/dashboard',
    page: true,
    queries: (raw) => dashboardReads(raw.db),
  },
  {
    role: 'coordinator',
    name: '/dashboard/report (page)',
    url: () => '/dashboard/report',
    page: true,
    queries: (raw) => dashboardReads(raw.db),
  },
  {
    role: 'coordinator',
    name: '/api/dashboard',
    url: () => '/api/dashboard',
    page: false,
    queries: (raw) => dashboardReads(raw.db),
  },
  {
    role: 'coordinator',
    name: `/api/equipment?q=${EQUIPMENT_SEARCH}`,
    url: () => `/api/equipment?q=${encodeURIComponent(EQUIPMENT_SEARCH)}`,
    page: false,
    queries: equipmentSearch,
  },
  {
    role: 'coordinator',
    name: '/cases/<id> (page)',
    url: (ids) => `/cases/${ids.desk}`,
    page: true,
    queries: (raw) => casePage(raw.db, raw.ids.desk, true),
  },
];

// ---- results

type EndpointResult = {
  role: Role;
  name: string;
  url: string;
  app: Stats;
  raw: Stats;
  /** app requests/s ÷ raw requests/s */
  ratio: number;
  /** p95 at this size ÷ p95 at the smallest size */
  appP95Growth: number;
  rawP95Growth: number;
};

type SizeResult = {
  size: number;
  seed: { added: number; seconds: number; line: string };
  /** The app's code when it started (src/, views/): other work may change it between sizes. */
  code: { hash: string; newest: string };
  appStartSeconds: number;
  escalatedBeforeTiming: number;
  /** How many cases each list's database query returns (the app then filters, sorts and pages them). */
  listDocuments: Record<string, number>;
  ids: Ids;
  appWarnings: number;
  appWarningSamples: string[];
  endpoints: EndpointResult[];
};

const key = (e: { role: Role; name: string }) => `${e.role} ${e.name}`;

function sizeTable(result: SizeResult, smallest: number): string {
  const header = [
    'role',
    'endpoint',
    'errors',
    'app p50',
    'p95',
    'max',
    'req/s',
    'raw p50',
    'p95',
    'req/s',
    'app/raw',
    `p95 × vs ${whole(smallest)}: app`,
    'raw',
  ];
  const rows = result.endpoints.map((e) => [
    e.role,
    e.name,
    String(e.app.errors + e.raw.errors),
    ms(e.app.p50),
    ms(e.app.p95),
    ms(e.app.max),
    fixed(e.app.rps, 1),
    ms(e.raw.p50),
    ms(e.raw.p95),
    fixed(e.raw.rps, 1),
    fixed(e.ratio),
    fixed(e.appP95Growth),
    fixed(e.rawP95Growth),
  ]);
  return table(header, rows, ['left', 'left', ...header.slice(2).map(() => 'right' as const)]);
}

function summaryLine(result: SizeResult, smallest: number): string {
  const errors = result.endpoints.reduce((n, e) => n + e.app.errors + e.raw.errors, 0);
  const ratios = result.endpoints.map((e) => e.ratio).sort((a, b) => a - b);
  const median = ratios[Math.floor((ratios.length - 1) / 2)] ?? 0;
  const lowest = result.endpoints.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const slowest = result.endpoints.reduce((a, b) => (b.app.p95 > a.app.p95 ? b : a));
  const grown = result.endpoints.reduce((a, b) => (b.appP95Growth > a.appP95Growth ? b : a));
  return (
    `size ${whole(result.size)}: ${result.endpoints.length} endpoints × ${REQUESTS} requests at ${CONCURRENCY} concurrent, ` +
    `${errors} errors; median app/raw ${fixed(median)} (lowest ${fixed(lowest.ratio)} ${key(lowest)}); ` +
    `slowest p95 ${ms(slowest.app.p95)} ms ${key(slowest)}; ` +
    `largest p95 growth vs ${whole(smallest)} ×${fixed(grown.appP95Growth)} ${key(grown)}; ` +
    `seeded +${whole(result.seed.added)} in ${fixed(result.seed.seconds, 1)} s`
  );
}

// ---- running one size

const workDir = await mkdtemp(path.join(os.tmpdir(), 'bench-pages-'));
// The data folder itself: the embedded PostgreSQL runs as `postgres` when started as root,
// and the app opens up DATA_DIR (not the folders above it) for that user.
const dataDir = workDir;
const children = new Set<Child>();
let client: mongoose.mongo.MongoClient | undefined;

const childEnv = {
  DATA_DIR: dataDir,
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'development',
  SEED_DEMO: 'false',
  // The embedded database under DATA_DIR only, whatever .env or the shell says.
  MONGODB_URI: '',
  POSTGRES_URL: '',
  REDIS_URL: '',
};

async function seed(added: number): Promise<SizeResult['seed']> {
  let line = '';
  const seeder = startTs(
    path.join(ROOT, 'scripts/seed.ts'),
    ['--demo', '--volume', String(added)],
    childEnv,
    ROOT,
    (text) => {
      if (text.startsWith('added ')) {
        line = text;
        console.log(`  seed: ${text}`);
      }
    },
  );
  children.add(seeder);
  const code = await waitForExit(seeder, Math.max(600_000, added * 20), 'seeding');
  children.delete(seeder);
  const match = /in ([\d.]+) s/.exec(line);
  if (code !== 0 || !match) throw new Error(`seeding failed (exit ${code}):\n${seeder.output.toString()}`);
  return { added, seconds: Number(match[1]), line };
}

/** Routed cases past their acceptance deadline, which the escalation job changes a minute after start. */
const lateCases = (db: Db) =>
  db.collection('cases').countDocuments({ status: 'routed', escalated: false, acceptBy: { $lt: new Date() } });

async function waitForEscalations(db: Db): Promise<number> {
  const late = await lateCases(db);
  if (!late) return 0;
  console.log(`  waiting for the escalation job (${late} late routed cases; it runs a minute after start)`);
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    if ((await lateCases(db)) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // its notifications and dashboard stamps
      return late;
    }
  }
  console.log(`  escalation not finished after 4 min (${await lateCases(db)} left); timing anyway`);
  return late;
}

/** The size of each list's bounded set at this size: what a request reads after a change to the list. */
async function documentsPerList(db: Db, who: Record<Role, Who>): Promise<Record<string, number>> {
  const cases = db.collection('caserows');
  const count = (filter: Filter) => cases.countDocuments(filter);
  const now = new Date();
  const months = monthsOf(defaultPeriod(now));
  return {
    company: await count({ listKeys: `co:${who.company.companyId ?? '-'}` }),
    [`inst:${who.engineer.instituteCode ?? '-'}:open`]: await count({
      listKeys: `inst:${who.engineer.instituteCode ?? '-'}:open`,
    }),
    [`inst:${who.engineer.instituteCode ?? '-'}:offered`]: await count({
      listKeys: `inst:${who.engineer.instituteCode ?? '-'}:offered`,
    }),
    'eng:<KETI engineer>:open': await count({ listKeys: `eng:${who.engineer.userId}:open` }),
    'desk:queue': await count({ listKeys: 'desk:queue' }),
    'desk:open': await count({ listKeys: 'desk:open' }),
    [`desk:${dayOf(now)}`]: await count({ listKeys: `desk:${dayOf(now)}` }),
    // One equality count per month (an $in is not pushed down to PostgreSQL and would read every case);
    // a case active in two months counts twice, as it is in two month summaries.
    'dashboard year (sum of act:<month>)': (
      await Promise.all(months.map((month) => count({ listKeys: `act:${month}` })))
    ).reduce((a, b) => a + b, 0),
  };
}

async function lastSeqOf(db: Db, caseId: string): Promise<number> {
  let seq = 0;
  while (await strings(db, 'chatentries').findOne({ _id: messageId(caseId, seq + 1) }, { projection: { _id: 1 } }))
    seq++;
  return seq;
}

async function runSize(
  size: number,
  added: number,
  smallest: Map<string, { app: number; raw: number }>,
): Promise<SizeResult> {
  console.log(`\n=== ${whole(size)} cases ===`);
  const seeded = await seed(added);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let appWarnings = 0;
  const appWarningSamples: string[] = [];
  const code = await codeFingerprint(ROOT, ['src', 'views']);
  const started = performance.now();
  const app = startTs(path.join(ROOT, 'src/main.ts'), [], { ...childEnv, PORT: String(port) }, ROOT, (line) => {
    if (/"level":(40|50|60)/.test(line) || !line.startsWith('{')) {
      appWarnings++;
      if (appWarningSamples.length < 5) appWarningSamples.push(line.slice(0, 300));
    }
  });
  children.add(app);
  try {
    await waitUntilHealthy(`${base}/healthz`, app, 600_000);
    const appStartSeconds = (performance.now() - started) / 1000;
    console.log(
      `  app up at ${base} in ${fixed(appStartSeconds, 1)} s; ` +
        `code src/+views/ ${code.hash} (newest file ${code.newest})`,
    );

    const { ferretdbPort } = JSON.parse(await readFile(path.join(dataDir, 'embedded.json'), 'utf8')) as {
      ferretdbPort: number;
    };
    client = new MongoClient(`mongodb://127.0.0.1:${ferretdbPort}/sobujang`, { maxPoolSize: 100 });
    await client.connect();
    const db = client.db('sobujang');
    const escalated = await waitForEscalations(db);

    const who: Record<Role, Who> = {
      company: await logIn(base, 'company'),
      engineer: await logIn(base, 'engineer'),
      coordinator: await logIn(base, 'coordinator'),
    };
    const ids: Ids = {
      company: await pickCase(base, who.company, ['/api/cases'], true),
      engineer: await pickCase(base, who.engineer, ['/api/cases?view=all'], true),
      desk: await pickCase(base, who.coordinator, ['/api/cases?view=queue', '/api/cases?view=all'], false),
    };
    const lastSeq = new Map<string, number>();
    for (const id of [ids.company, ids.engineer]) lastSeq.set(id, await lastSeqOf(db, id));
    console.log(
      `  cases: company ${ids.company} (${lastSeq.get(ids.company)} messages), ` +
        `engineer ${ids.engineer} (${lastSeq.get(ids.engineer)} messages), desk ${ids.desk}`,
    );
    const listDocuments = await documentsPerList(db, who);
    console.log(
      `  documents each list query reads: ${Object.entries(listDocuments)
        .map(([name, n]) => `${name} ${whole(n)}`)
        .join(', ')}`,
    );

    const endpoints: EndpointResult[] = [];
    for (const endpoint of ENDPOINTS) {
      const as = who[endpoint.role];
      const url = endpoint.url(ids);
      const raw: Raw = { db, who: as, ids, lastSeq };
      const appOnce = () => get(base, url, as, endpoint.page);
      const rawOnce = () => asSignedInRequest(raw, endpoint.page, () => endpoint.queries(raw));
      await timeLoop(WARM_UP, CONCURRENCY, appOnce);
      const appStats = await timeLoop(REQUESTS, CONCURRENCY, appOnce);
      await timeLoop(WARM_UP, CONCURRENCY, rawOnce);
      const rawStats = await timeLoop(REQUESTS, CONCURRENCY, rawOnce);
      const first = smallest.get(key(endpoint)) ?? { app: appStats.p95, raw: rawStats.p95 };
      smallest.set(key(endpoint), first);
      endpoints.push({
        role: endpoint.role,
        name: endpoint.name,
        url,
        app: appStats,
        raw: rawStats,
        ratio: rawStats.rps > 0 ? appStats.rps / rawStats.rps : 0,
        appP95Growth: first.app > 0 ? appStats.p95 / first.app : 0,
        rawP95Growth: first.raw > 0 ? rawStats.p95 / first.raw : 0,
      });
      process.stderr.write(
        `  timed ${key(endpoint)}: app p95 ${ms(appStats.p95)} ms ${fixed(appStats.rps, 1)}/s, ` +
          `raw p95 ${ms(rawStats.p95)} ms ${fixed(rawStats.rps, 1)}/s\n`,
      );
    }
    return {
      size,
      seed: seeded,
      code,
      appStartSeconds,
      escalatedBeforeTiming: escalated,
      listDocuments,
      ids,
      appWarnings,
      appWarningSamples,
      endpoints,
    };
  } catch (error) {
    const state = app.process.exitCode === null ? 'running' : `exited with ${app.process.exitCode}`;
    console.error(`\nthe app (${state}) printed last:\n${app.output.toString() || '(nothing)'}`);
    throw error;
  } finally {
    await client?.close();
    client = undefined;
    await stopChild(app);
    children.delete(app);
  }
}

// ---- main, and cleaning up whatever happens

let interrupted: string | undefined;
let cleaning: Promise<void> | undefined;
/** Stops the children and removes the data folder; every caller waits for the same clean-up. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    await client?.close().catch(() => undefined);
    for (const child of children) await stopChild(child);
    // The database processes stop when their parent dies; PostgreSQL removes its pid file when it has.
    for (let wait = 0; wait < 20 && existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')); wait++)
      await new Promise((resolve) => setTimeout(resolve, 500));
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await rm(workDir, { recursive: true, force: true });
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    console.error(`could not remove ${workDir}`);
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = signal;
    console.error(`\n${signal}: stopping the app and removing ${workDir}`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const results: SizeResult[] = [];
const startedAt = new Date();
const resultsFile = path.join(
  ROOT,
  'bench-results',
  `pages-${startedAt.toISOString().replace(/[:.]/g, '-').replace('Z', '')}.json`,
);

async function saveResults(): Promise<void> {
  await mkdir(path.dirname(resultsFile), { recursive: true });
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    sizes: SIZES,
    requests: REQUESTS,
    concurrency: CONCURRENCY,
    warmUp: WARM_UP,
    node: process.version,
    cpus: os.cpus().length,
    results,
  };
  await writeFile(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
}

try {
  console.log(
    `bench:pages — sizes ${SIZES.map(whole).join(', ')} cases; ${REQUESTS} requests per endpoint ` +
      `(after ${WARM_UP} warm-up) at ${CONCURRENCY} concurrent; ${os.cpus().length} CPUs, Node ${process.version}`,
  );
  console.log(`data in ${workDir} (removed at the end)`);
  const smallest = new Map<string, { app: number; raw: number }>();
  let previous = 0;
  for (const size of SIZES) {
    const result = await runSize(size, size - previous, smallest);
    previous = size;
    results.push(result);
    await saveResults();
    console.log('');
    console.log(
      `${whole(size)} cases — latencies in ms; raw = the same database queries through the driver; ` +
        `app/raw = requests/s ratio`,
    );
    console.log(sizeTable(result, SIZES[0] ?? size));
    for (const e of result.endpoints.filter((x) => x.app.firstError || x.raw.firstError))
      console.log(`  errors ${key(e)}: app ${e.app.firstError ?? '-'} | raw ${e.raw.firstError ?? '-'}`);
    if (result.appWarnings)
      console.log(
        `  the app logged ${result.appWarnings} warnings, e.g.\n    ${result.appWarningSamples.join('\n    ')}`,
      );
  }
  console.log('\nSummary');
  for (const result of results) console.log(summaryLine(result, SIZES[0] ?? result.size));
  console.log(`results: ${path.relative(ROOT, resultsFile)}`);
} catch (error) {
  if (interrupted) console.error(`\nbench:pages stopped by ${interrupted}`);
  else console.error('\nbench:pages failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  if (results.length) {
    await saveResults().catch(() => undefined);
    console.error(`partial results: ${path.relative(ROOT, resultsFile)}`);
  }
  process.exitCode = 1;
} finally {
  await cleanUp();
}
// Nothing of ours is left running; do not wait for idle sockets to time out.
process.exit(process.exitCode ?? 0);
