// Hand check of issue 9: most used pages/JSON of three roles, 8 concurrent, p95.
import { timeLoop } from './bench-pages-lib';
const base = `http://127.0.0.1:${process.env.PORT ?? 3998}`;
const PASSWORD = 'demo-pass-2026';
async function login(email: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`${email} ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().find((c) => c.startsWith('sobujang.sid='))!.split(';')[0]!;
}
async function firstCase(cookie: string, url: string): Promise<string> {
  const res = await fetch(base + url, { headers: { cookie } });
  const body = (await res.json()) as { items: { id: string; status: string }[]; total: number };
  console.log(`  ${url}: total ${body.total}`);
  return body.items.find((i) => i.status !== 'draft')?.id ?? body.items[0]!.id;
}
const roles: [string, string, (id: string) => string[]][] = [
  ['company1@demo.test', '/api/cases', (id) => ['/', '/cases', '/api/cases', `/cases/${id}`, `/api/cases/${id}`, `/api/cases/${id}/messages`, '/api/notifications', '/equipment?q=SEM']],
  ['eng.keti@demo.test', '/api/cases?view=mine', (id) => ['/cases', '/cases?view=mine', '/cases?view=all', '/api/cases?view=new', '/api/cases?view=mine', '/api/cases?view=all', `/cases/${id}`, `/api/cases/${id}/messages`, '/api/notifications']],
  ['coordinator@demo.test', '/api/cases?view=all&period=open', (id) => ['/cases', '/cases?view=escalated', '/cases?view=overdue', '/cases?view=all', '/api/cases', '/api/cases?view=all', '/api/cases?view=all&period=open', `/cases/${id}`, '/dashboard', '/api/dashboard', '/api/notifications']],
];
for (const [email, listUrl, urls] of roles.filter(([e]) => !process.env.ONLY || e.startsWith(process.env.ONLY))) {
  const cookie = await login(email);
  const id = await firstCase(cookie, listUrl);
  for (const url of urls(id)) {
    const once = async () => {
      const res = await fetch(base + url, { headers: { cookie, accept: url.startsWith('/api') ? 'application/json' : 'text/html' } });
      await res.arrayBuffer();
      return res.status === 200 ? (true as const) : `HTTP ${res.status}`;
    };
    await timeLoop(16, 8, once);
    const s = await timeLoop(80, 8, once);
    console.log(`${email.split('@')[0]!.padEnd(12)} ${url.replace(id, ':id').padEnd(34)} p50 ${s.p50.toFixed(0).padStart(5)} p95 ${s.p95.toFixed(0).padStart(5)} err ${s.errors}${s.firstError ? ' ' + s.firstError : ''}`);
  }
}
