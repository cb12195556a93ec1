// Sessions expire by the app's own acknowledged clean-up. The embedded database answers
// even an unacknowledged write, and the driver then hands that stray reply to the next
// command on the connection — another user's request — so no write may be unacknowledged.
import { expect } from 'chai';
import { readFile, readdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';
import { User } from '../../src/accounts/model';
import { removeExpiredSessions } from '../../src/core/http/session';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { testApp } from '../support/app';
import { demoData } from '../support/demo';

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)])),
  );
  return nested.flat().filter((f) => f.endsWith('.ts'));
}

async function sessionCookie(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(res.status, email).to.equal(200);
  return (res.headers.getSetCookie().find((c) => c.startsWith('sobujang.sid=')) ?? '').split(';')[0] ?? '';
}

describe('sessions', function () {
  this.timeout(120_000);
  let server: http.Server;
  let base: string;

  before(async () => {
    await demoData();
    server = http.createServer(await testApp()).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((r) => server.close(r)));

  it('removes expired sessions with an acknowledged delete and keeps live ones', async () => {
    const sessions = mongoose.connection.collection<{ _id: string; expires: Date; session: string }>('sessions');
    const past = new Date(Date.now() - 60_000);
    await sessions.insertMany(
      Array.from({ length: 30 }, (_, i) => ({ _id: `expired-${i}-${Date.now()}`, expires: past, session: '{}' })),
    );
    const live = await sessionCookie(base, 'company1@demo.test');
    expect(await removeExpiredSessions(new Date())).to.be.at.least(30);
    expect(await sessions.countDocuments({ expires: { $lt: new Date() } })).to.equal(0);
    const me = await fetch(`${base}/api/me`, { headers: { cookie: live } });
    expect(me.status).to.equal(200);
  });

  it('never refuses successful logins from one address (an office behind one gateway)', async () => {
    for (let i = 0; i < 35; i++) await sessionCookie(base, 'company2@demo.test');
  });

  it('answers 1,000 concurrent requests of many users right after a clean-up, each with its own user', async () => {
    const users = await User.find({ email: /^(eng|mgr)\.[a-z]+@demo\.test$/ }, { email: 1 })
      .limit(40)
      .lean();
    const cookies = await Promise.all(
      users.map(async (u) => ({ email: u.email, cookie: await sessionCookie(base, u.email) })),
    );
    await removeExpiredSessions(new Date());
    const answers = await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        const who = cookies[i % cookies.length] as { email: string; cookie: string };
        const res = await fetch(`${base}/api/me`, { headers: { cookie: who.cookie } });
        const body = (await res.json()) as { user?: { email?: string } };
        return { asked: who.email, status: res.status, got: body.user?.email };
      }),
    );
    const wrong = answers.filter((a) => a.status !== 200 || a.got !== a.asked);
    expect(wrong, JSON.stringify(wrong.slice(0, 3))).to.deep.equal([]);
  });

  it('never writes unacknowledged (no w: 0 anywhere in src)', async () => {
    const root = path.resolve(import.meta.dirname, '../../src');
    for (const file of await sourceFiles(root)) {
      const text = await readFile(file, 'utf8');
      expect(/\bw:\s*0\b|autoRemove:\s*'interval'/.test(text), path.relative(root, file)).to.equal(false);
    }
  });
});
