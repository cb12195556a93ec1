// The pages and JSON each role uses most, timed against a running app:
// `npm run bench:roles [-- --url http://localhost:3000 --concurrency 8 --requests 80]`.
//
// Logs in company1, eng.keti and the coordinator (demo accounts) once each, picks a
// case from each one's own list, then for every endpoint sends 16 warm-up and
// `requests` timed GETs with `concurrency` in flight, and prints p50/p95 and errors.
// Run it against the demo data and again after `npm run seed -- --demo --volume 25000`
// to compare (docs/performance.md).
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD } from '../src/demo/seed';
import { demoSessionCookie, timeLoop } from './bench-pages-lib';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    concurrency: { type: 'string', default: '8' },
    requests: { type: 'string', default: '80' },
  },
});
const base = args.url.replace(/\/$/, '');
const CONCURRENCY = Number(args.concurrency);
const REQUESTS = Number(args.requests);

const logIn = (email: string) => demoSessionCookie(base, email, DEMO_PASSWORD);

async function firstCase(cookie: string, url: string): Promise<string> {
  const body = (await (await fetch(base + url, { headers: { cookie } })).json()) as {
    items: { id: string; status: string }[];
  };
  const found = body.items.find((i) => i.status !== 'draft') ?? body.items[0];
  if (!found) throw new Error(`no case in ${url}`);
  return found.id;
}

const ROLES: { email: string; list: string; urls: (id: string) => string[] }[] = [
  {
    email: 'company1@demo.test',
    list: '/api/cases',
    urls: (id) => [
      '/',
      '/cases',
      '/api/cases',
      `/cases/${id}`,
      `/api/cases/${id}`,
      `/api/cases/${id}/messages`,
      '/api/notifications',
      '/equipment?q=SEM',
    ],
  },
  {
    email: 'eng.keti@demo.test',
    list: '/api/cases?view=mine',
    urls: (id) => [
      '/cases',
      '/cases?view=mine',
      '/cases?view=all',
      '/api/cases?view=new',
      '/api/cases?view=mine',
      '/api/cases?view=all',
      `/cases/${id}`,
      `/api/cases/${id}/messages`,
      '/api/notifications',
    ],
  },
  {
    email: 'coordinator@demo.test',
    list: '/api/cases?view=all&period=open',
    urls: (id) => [
      '/cases',
      '/cases?view=escalated',
      '/cases?view=overdue',
      '/cases?view=all',
      '/api/cases',
      '/api/cases?view=all',
      '/api/cases?view=all&period=open',
      `/cases/${id}`,
      '/dashboard',
      '/api/dashboard',
      '/api/notifications',
    ],
  },
];

console.log(`bench:roles — ${base}, ${REQUESTS} requests per endpoint at ${CONCURRENCY} concurrent`);
for (const role of ROLES) {
  const cookie = await logIn(role.email);
  const id = await firstCase(cookie, role.list);
  for (const url of role.urls(id)) {
    const once = async () => {
      const res = await fetch(base + url, {
        headers: { cookie, accept: url.startsWith('/api') ? 'application/json' : 'text/html' },
      });
      await res.arrayBuffer();
      return res.status === 200 ? (true as const) : `HTTP ${res.status}`;
    };
    await timeLoop(16, CONCURRENCY, once);
    const s = await timeLoop(REQUESTS, CONCURRENCY, once);
    const name = `${role.email.split('@')[0]} ${url.replace(id, ':id')}`;
    console.log(
      `${name.padEnd(50)} p50 ${s.p50.toFixed(0).padStart(5)}  p95 ${s.p95.toFixed(0).padStart(5)}  errors ${s.errors}${s.firstError ? ` (${s.firstError})` : ''}`,
    );
  }
}
