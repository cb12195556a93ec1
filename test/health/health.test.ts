import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import type { Express } from 'express';
import request from 'supertest';
import { testApp } from '../support/app';
import { testDatabase } from '../support/database';

/** The pid of a supervised server: the only child of its wrapper. */
async function serverPid(which: 'ferretdb' | 'postgres'): Promise<number> {
  const { embedded } = await testDatabase();
  const wrapper = which === 'ferretdb' ? embedded.ferretdb.wrapperPid : embedded.postgres?.wrapperPid;
  return Number(
    execFileSync('pgrep', ['-P', String(wrapper), which])
      .toString()
      .trim(),
  );
}

const ferretdbPid = () => serverPid('ferretdb');

async function waitForHealth(app: Express, status: number, withinMs = 15_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const res = await request(app).get('/healthz');
    if (res.status === status) return;
    if (Date.now() > deadline) throw new Error(`healthz stayed ${res.status}, expected ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('health', function () {
  this.timeout(60_000);
  let app: Express;
  before(async () => {
    app = await testApp();
  });

  it('is ok while the database answers', async () => {
    const res = await request(app).get('/healthz').expect(200);
    expect(res.body).to.include({ status: 'ok', db: 'up' });
  });

  it('turns 503 while the database hangs, shows a clear page, and recovers by itself', async () => {
    const pid = await ferretdbPid();
    process.kill(pid, 'SIGSTOP');
    try {
      await waitForHealth(app, 503, 5000);
      const res = await request(app).get('/healthz');
      expect(res.body).to.include({ db: 'down' });
      const page = await request(app).get('/institutes').expect(503);
      expect(page.text).to.include('일시적으로 이용할 수 없습니다');
      const api = await request(app).get('/api/institutes').expect(503);
      expect(api.body.error).to.match(/일시적으로/);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await waitForHealth(app, 200);
    await request(app).get('/api/institutes').expect(200);
  });

  it('restarts a killed embedded database, and the app reconnects without a restart', async () => {
    const pid = await ferretdbPid();
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    await waitForHealth(app, 200);
    expect(await ferretdbPid()).to.not.equal(pid);
    const res = await request(app).get('/api/institutes').expect(200);
    expect(res.body.count).to.equal(37);
  });

  it('restarts a killed PostgreSQL under the same address, and the app recovers without a restart', async () => {
    const pid = await serverPid('postgres');
    process.kill(pid, 'SIGKILL');
    await waitForHealth(app, 503, 5000);
    await waitForHealth(app, 200, 30_000);
    expect(await serverPid('postgres')).to.not.equal(pid);
    const res = await request(app).get('/api/institutes').expect(200);
    expect(res.body.count).to.equal(37);
  });
});
