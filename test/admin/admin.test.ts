// The admin area: the user list, deactivation that ends sessions, the admin log, and
// who may open what.
import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { AdminAudit } from '../../src/admin/audit';
import { User } from '../../src/accounts/model';
import { freshCompany } from '../accounts/fixtures';
import { testApp } from '../support/app';
import { signedIn, type Agent } from '../support/demo';

describe('admin area: users, deactivation, the admin log', function () {
  this.timeout(60_000);
  let app: Express;
  let admin: Agent;
  let coordinator: Agent;

  before(async () => {
    app = await testApp();
    [admin, coordinator] = await Promise.all([
      signedIn(app, 'admin@demo.test'),
      signedIn(app, 'coordinator@demo.test'),
    ]);
  });

  it('lists accounts with search by e-mail, and filters by role', async () => {
    const byEmail = await admin.get('/api/admin/users?q=ENG.KETI@demo.test').expect(200);
    expect(byEmail.body.users.map((u: { email: string }) => u.email)).to.deep.equal(['eng.keti@demo.test']);
    const managers = await admin.get('/api/admin/users?role=institute_manager').expect(200);
    // The 37 demo managers, and any other tests have invited.
    expect(managers.body.users).to.have.length.of.at.least(37);
    expect(managers.body.users.every((u: { role: string }) => u.role === 'institute_manager')).to.equal(true);
    const page = await admin.get('/admin/users?role=coordinator').expect(200);
    expect(page.text).to.contain('coordinator@demo.test').and.to.contain('비활성화…');
    const bad = await admin.get('/api/admin/users?role=wizard').expect(400);
    expect(bad.body.fields).to.have.key('role');
  });

  it('keeps the area to admins, with the designation review for the desk too', async () => {
    await coordinator.get('/api/admin/users').expect(403);
    await coordinator.get('/admin/users').expect(403);
    await coordinator.get('/admin/designations').expect(200);
    const company = await signedIn(app, 'company1@demo.test');
    await company.get('/admin').expect(403);
    await company.get('/admin/designations').expect(403);
    await request(app).get('/admin/users').expect(302);
  });

  it('deactivates an account: its session ends at once, it cannot log in, and the log says who and why', async () => {
    const fresh = await freshCompany(app);
    await fresh.agent.get('/api/me').expect(200);
    const missing = await admin.post(`/api/admin/users/${fresh.userId}/deactivate`).send({}).expect(400);
    expect(missing.body.fields).to.have.key('reason');
    await admin.post(`/api/admin/users/${fresh.userId}/deactivate`).send({ reason: '퇴사한 담당자 계정' }).expect(200);
    await fresh.agent.get('/api/me').expect(401);
    await request(app).post('/api/auth/login').send({ email: fresh.email, password: fresh.password }).expect(401);
    await admin.post(`/api/admin/users/${fresh.userId}/deactivate`).send({ reason: '두 번째 시도' }).expect(409);
    const entry = await AdminAudit.findOne({ 'target.id': fresh.userId, action: 'deactivate' }).lean();
    expect(entry).to.include({ actorName: (await User.findOne({ email: 'admin@demo.test' }).lean())?.name });
    expect(entry?.detail?.params).to.deep.equal({ reason: '퇴사한 담당자 계정' });
    const log = await admin.get('/admin/log').expect(200);
    expect(log.text).to.contain('계정 비활성화').and.to.contain(fresh.email);

    await admin.post(`/api/admin/users/${fresh.userId}/reactivate`).send({}).expect(200);
    await request(app).post('/api/auth/login').send({ email: fresh.email, password: fresh.password }).expect(200);
  });

  it('changes a role within its family only, ending the account’s sessions, and logs it', async () => {
    const fresh = await freshCompany(app);
    const refused = await admin.post(`/api/admin/users/${fresh.userId}/role`).send({ role: 'admin' }).expect(400);
    expect(refused.body.fields).to.have.key('role');
    const engineer = await signedIn(app, 'eng.kriss@demo.test');
    const id = (await engineer.get('/api/me').expect(200)).body.user.id;
    await admin.post(`/api/admin/users/${id}/role`).send({ role: 'institute_manager' }).expect(200);
    await engineer.get('/api/me').expect(401);
    expect((await User.findById(id).lean())?.role).to.equal('institute_manager');
    expect(await AdminAudit.exists({ action: 'role', 'target.id': id })).to.not.equal(null);
    await admin.post(`/api/admin/users/${id}/role`).send({ role: 'institute_manager' }).expect(409);
    await admin.post(`/api/admin/users/${id}/role`).send({ role: 'engineer' }).expect(200);
    await coordinator.post(`/api/admin/users/${id}/role`).send({ role: 'institute_manager' }).expect(403);
  });

  it('refuses deactivating oneself, an unknown account, and an id that is not one', async () => {
    const me = (await admin.get('/api/me').expect(200)).body.user.id;
    await admin.post(`/api/admin/users/${me}/deactivate`).send({ reason: '실수로 누른 경우' }).expect(409);
    await admin.post('/api/admin/users/0123456789abcdef01234567/deactivate').send({ reason: '없는 계정' }).expect(404);
    const bad = await admin.post('/api/admin/users/nope/deactivate').send({ reason: '형식 오류' }).expect(400);
    expect(bad.body.fields).to.have.key('id');
  });

  it('sets an institute paused from the institutes page, and logs it', async () => {
    const page = await admin.get('/admin/institutes').expect(200);
    expect(page.text).to.contain('한국기계연구원').and.to.contain('mgr.kimm@demo.test');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    await admin
      .post('/admin/institutes/kier')
      .type('form')
      .send({ _csrf: token, status: 'active', capacity: '25' })
      .expect(302);
    expect(await AdminAudit.exists({ action: 'institute', 'target.id': 'KIER' })).to.not.equal(null);
    const wrong = await admin
      .post('/admin/institutes/KIER')
      .type('form')
      .send({ _csrf: token, status: 'gone', capacity: '5' });
    expect(wrong.status).to.equal(400);
    expect(wrong.text).to.contain('상태를 골라 주세요.');
  });
});
