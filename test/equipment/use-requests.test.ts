import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { User } from '../../src/accounts/model';
import { Case } from '../../src/cases/model';
import { koreaDay } from '../../src/core/http/fields';
import { EquipmentSlot, EquipmentUse } from '../../src/equipment/use-model';
import { Notification } from '../../src/notifications/model';
import { testApp } from '../support/app';
import { sampleCase, signedIn, type Agent } from '../support/demo';

type Item = { id: string; name: string; institute: { code: string }; status: string };
type Use = { id: string; status: string; slot: { from: string; to: string } | null; institute: string };

const inDays = (n: number) => koreaDay(new Date(Date.now() + n * 86_400_000));

async function notificationsOf(email: string, caseId: string) {
  const user = await User.findOne({ email }, { _id: 1 }).lean();
  return Notification.countDocuments({ userId: user?._id, caseId, kind: 'equipment-request' });
}

describe('equipment use requests', function () {
  this.timeout(120_000);
  let app: Express;
  let company1: Agent;
  let caseId: string;
  let team: string[];
  let items: Item[];

  const ask = (item: Item, extra: Record<string, unknown> = {}) =>
    company1.post(`/api/equipment/${item.id}/requests`).send({
      caseId,
      purpose: '열충격 후 균열 확인',
      sampleCount: 4,
      sampleKind: '세라믹 기판',
      desiredFrom: inDays(10),
      desiredTo: inDays(12),
      ...extra,
    });
  const engineerOf = (code: string) => signedIn(app, `eng.${code.toLowerCase()}@demo.test`);

  before(async () => {
    app = await testApp();
    company1 = await signedIn(app, 'company1@demo.test');
    const draft = await company1
      .post('/api/cases')
      .send({ ...sampleCase, title: '장비 요청용 과제' })
      .expect(201);
    caseId = draft.body.case.id;
    const routed = await company1.post(`/api/cases/${caseId}/transitions`).send({ action: 'submit' }).expect(200);
    team = [routed.body.case.lead, ...routed.body.case.participants];
    const found = await request(app)
      .get('/api/equipment?q=%EC%97%B4%EC%B6%A9%EA%B2%A9&available=1&limit=100')
      .expect(200);
    items = (found.body.items as Item[]).filter((i) => !team.includes(i.institute.code));
  });

  it('records a request on the case: the company sees it there with its status; the institute may read the case and is notified', async () => {
    const item = items[0] as Item;
    const res = await ask(item).expect(201);
    expect(res.body.request).to.include({ status: 'requested', institute: item.institute.code, discount: true });
    const page = await company1.get(`/cases/${caseId}`).expect(200);
    expect(page.text).to.contain(`href="/equipment-requests/${res.body.request.id}"`);
    expect(page.text).to.contain('요청됨');
    const stored = await Case.findById(caseId).lean();
    expect(stored?.audit.at(-1)).to.include({ action: 'equipment-request', actorRole: 'company' });
    expect(stored?.visibleTo).to.include(item.institute.code);
    const engineer = await engineerOf(item.institute.code);
    const listed = await engineer.get(`/api/cases/${caseId}/equipment-requests`).expect(200);
    expect(listed.body.requests.map((u: Use) => u.id)).to.include(res.body.request.id);
    expect(await notificationsOf(`eng.${item.institute.code.toLowerCase()}@demo.test`, caseId)).to.equal(1);
    expect(await notificationsOf('coordinator@demo.test', caseId)).to.equal(1);
    const inbox = await engineer.get('/api/equipment-requests').expect(200);
    expect(inbox.body.open.map((u: Use) => u.id)).to.include(res.body.request.id);
    const mine = await company1.get('/api/equipment-requests').expect(200);
    expect(mine.body.open.map((u: Use) => u.id)).to.include(res.body.request.id);
  });

  it('refuses others, closed cases, duplicates and bad input with field messages', async () => {
    const item = items[0] as Item;
    await ask(item).expect(409);
    const company2 = await signedIn(app, 'company2@demo.test');
    await company2.post(`/api/equipment/${item.id}/requests`).send({ caseId }).expect(404);
    await request(app).post(`/api/equipment/${item.id}/requests`).send({ caseId }).expect(401);
    const bad = await ask(items[1] as Item, {
      purpose: 'x',
      sampleCount: -1,
      desiredFrom: '2020-01-01',
      desiredTo: 'soon',
    });
    expect(bad.status).to.equal(400);
    expect(bad.body.fields).to.include.keys('purpose', 'sampleCount', 'desiredFrom', 'desiredTo');
    const reversed = await ask(items[1] as Item, { desiredFrom: inDays(12), desiredTo: inDays(10) }).expect(400);
    expect(reversed.body.fields).to.have.property('desiredTo');
    const closed = await Case.findOne({ companyName: '(주)한빛소재', status: 'closed' }, { _id: 1 }).lean();
    await ask(items[1] as Item, { caseId: String(closed?._id) }).expect(409);
  });

  it('lets only the owning institute confirm days and a fee; the company is told; the days block the calendar', async () => {
    const item = items[1] as Item;
    const made = await ask(item).expect(201);
    const id = made.body.request.id as string;
    await company1
      .post(`/api/equipment-requests/${id}/confirm`)
      .send({ from: inDays(10), to: inDays(11), feeEstimate: 1 })
      .expect(403);
    // The lead institute's engineer sees the case but does not own the instrument.
    const lead = await engineerOf(team[0] as string);
    await lead.post(`/api/equipment-requests/${id}/confirm`).send({}).expect(403);
    const engineer = await engineerOf(item.institute.code);
    const bad = await engineer
      .post(`/api/equipment-requests/${id}/confirm`)
      .send({ from: inDays(10), to: inDays(50), feeEstimate: -5 })
      .expect(400);
    expect(bad.body.fields).to.include.keys('to', 'feeEstimate');
    const before = await notificationsOf('company1@demo.test', caseId);
    const done = await engineer
      .post(`/api/equipment-requests/${id}/confirm`)
      .send({ from: inDays(10), to: inDays(11), feeEstimate: 120000 })
      .expect(200);
    expect(done.body.request).to.include({ status: 'scheduled', feeEstimate: 120000 });
    expect(done.body.request.slot).to.deep.equal({ from: inDays(10), to: inDays(11) });
    expect(await notificationsOf('company1@demo.test', caseId)).to.equal(before + 1);
    const detail = await request(app).get(`/api/equipment/${item.id}`).expect(200);
    expect(detail.body.freeDays).not.to.include(inDays(10));
    await engineer
      .post(`/api/equipment-requests/${id}/confirm`)
      .send({ from: inDays(20), to: inDays(20), feeEstimate: 1 })
      .expect(409);
  });

  it('never books one day twice, even when two confirmations race', async () => {
    const item = items[2] as Item;
    const engineer = await engineerOf(item.institute.code);
    const first = await ask(item).expect(201);
    // A second open case of company1 asks for the same instrument.
    const draft = await company1
      .post('/api/cases')
      .send({ ...sampleCase, title: '두 번째 장비 과제' })
      .expect(201);
    await company1.post(`/api/cases/${draft.body.case.id}/transitions`).send({ action: 'submit' }).expect(200);
    const second = await ask(item, { caseId: draft.body.case.id }).expect(201);
    const day = inDays(15);
    const results = await Promise.all(
      [first, second].map((made) =>
        engineer
          .post(`/api/equipment-requests/${made.body.request.id}/confirm`)
          .send({ from: day, to: inDays(16), feeEstimate: 50000 }),
      ),
    );
    expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409]);
    const slots = await EquipmentSlot.find({ equipmentId: item.id }).lean();
    expect(slots.filter((s) => s.day === day)).to.have.length(1);
    const lost = results.find((r) => r.status === 409);
    expect(lost?.body.error).to.contain('이미 예약');
  });

  it('completes only with a report file of the case, and cancelling gives the days back', async () => {
    const item = items[3] as Item;
    const engineer = await engineerOf(item.institute.code);
    const made = await ask(item).expect(201);
    const id = made.body.request.id as string;
    await engineer
      .post(`/api/equipment-requests/${id}/confirm`)
      .send({ from: inDays(25), to: inDays(25), feeEstimate: 10000 })
      .expect(200);
    const missing = await engineer
      .post(`/api/equipment-requests/${id}/complete`)
      .send({ reportFileId: '0123456789abcdef01234567' })
      .expect(404);
    expect(missing.body.error).to.contain('시험 성적서');
    // The instrument's institute may attach its report to the case although it is not on the team.
    const token = (await engineer.get('/api/me').expect(200)).body.csrfToken as string;
    const upload = await engineer
      .post(`/api/cases/${caseId}/attachments`)
      .set('x-csrf-token', token)
      .attach('file', Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), {
        filename: 'report.pdf',
        contentType: 'application/pdf',
      })
      .expect(201);
    const done = await engineer
      .post(`/api/equipment-requests/${id}/complete`)
      .send({ reportFileId: upload.body.attachment.id })
      .expect(200);
    expect(done.body.request.status).to.equal('done');
    expect(done.body.request.report.filename).to.equal('report.pdf');
    // A finished use counts as an equipment-use support of its institute; lost, it is recorded again on the next read.
    const supportsOf = async () => (await company1.get(`/api/cases/${caseId}`).expect(200)).body.case.supports;
    const recorded = (await supportsOf()).filter((s: { type: string }) => s.type === '장비활용');
    expect(recorded.map((s: { institute: string }) => s.institute)).to.include(item.institute.code);
    await Case.updateOne({ _id: caseId }, { $pull: { supports: { key: `use:${id}` } } });
    await company1.get(`/api/cases/${caseId}/equipment-requests`).expect(200);
    expect((await Case.findById(caseId).lean())?.supports.some((s) => s.key === `use:${id}`)).to.equal(true);
    const other = await ask(items[4] as Item).expect(201);
    const otherEngineer = await engineerOf((items[4] as Item).institute.code);
    await otherEngineer
      .post(`/api/equipment-requests/${other.body.request.id}/confirm`)
      .send({ from: inDays(30), to: inDays(31), feeEstimate: 1000 })
      .expect(200);
    await company1.post(`/api/equipment-requests/${other.body.request.id}/cancel`).send({ reason: '' }).expect(400);
    const cancelled = await company1
      .post(`/api/equipment-requests/${other.body.request.id}/cancel`)
      .send({ reason: '일정 변경' })
      .expect(200);
    expect(cancelled.body.request.status).to.equal('cancelled');
    expect(await EquipmentSlot.countDocuments({ useId: other.body.request.id })).to.equal(0);
  });

  it('declines with a reason, and remakes a request record lost between the case write and its own', async () => {
    const item = items[5] as Item;
    const made = await ask(item).expect(201);
    const engineer = await engineerOf(item.institute.code);
    await engineer.post(`/api/equipment-requests/${made.body.request.id}/decline`).send({}).expect(400);
    const declined = await engineer
      .post(`/api/equipment-requests/${made.body.request.id}/decline`)
      .send({ reason: '장비 점검 기간' })
      .expect(200);
    expect(declined.body.request).to.include({ status: 'declined', reason: '장비 점검 기간' });
    const lost = await ask(items[6] as Item).expect(201);
    await EquipmentUse.deleteOne({ _id: lost.body.request.id });
    const listed = await company1.get(`/api/cases/${caseId}/equipment-requests`).expect(200);
    const remade = (listed.body.requests as Use[]).find((u) => u.id === lost.body.request.id);
    expect(remade).to.include({ status: 'requested' });
  });

  it('shows the request page with its history and the institute’s forms, and the form flow works', async () => {
    const item = items[7] as Item;
    const made = await ask(item).expect(201);
    const id = made.body.request.id as string;
    const engineer = await engineerOf(item.institute.code);
    const page = await engineer.get(`/equipment-requests/${id}`).expect(200);
    expect(page.text).to.contain(`action="/equipment-requests/${id}/confirm"`);
    expect(page.text).to.contain('처리 기록');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const clash = await engineer
      .post(`/equipment-requests/${id}/confirm`)
      .type('form')
      .send({ _csrf: token, from: inDays(40), to: inDays(39), feeEstimate: '1000' })
      .expect(400);
    expect(clash.text).to.contain('id="to-error"');
    const posted = await engineer
      .post(`/equipment-requests/${id}/confirm`)
      .type('form')
      .send({ _csrf: token, from: inDays(40), to: inDays(40), feeEstimate: '1000' })
      .expect(303);
    const shown = await engineer.get(String(posted.headers.location)).expect(200);
    expect(shown.text).to.contain('일정을 확정했습니다');
    const companyView = await company1.get(`/equipment-requests/${id}`).expect(200);
    expect(companyView.text).not.to.contain(`action="/equipment-requests/${id}/confirm"`);
    expect(companyView.text).to.contain(`action="/equipment-requests/${id}/cancel"`);
    const inbox = await engineer.get('/equipment-requests').expect(200);
    expect(inbox.text).to.contain(`href="/equipment-requests/${id}"`);
  });
});
