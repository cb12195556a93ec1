import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { User } from '../../src/accounts/model';
import { Case } from '../../src/cases/model';
import { Equipment } from '../../src/institutes/model';
import { Notification } from '../../src/notifications/model';
import { testApp } from '../support/app';
import { sampleCase, signedIn, type Agent } from '../support/demo';

type Item = { id: string; name: string; nameEn: string; institute: { code: string }; region: string; fields: string[] };

const names = (items: Item[]) => items.map((i) => i.name);

async function notificationsOf(email: string, caseId: string, kind = 'equipment-request') {
  const user = await User.findOne({ email }, { _id: 1 }).lean();
  return Notification.countDocuments({ userId: user?._id, caseId, kind });
}

describe('equipment catalogue', function () {
  this.timeout(60_000);
  let app: Express;

  before(async () => {
    app = await testApp();
  });

  describe('search (JSON API)', () => {
    it('lists every institute’s equipment with paging', async () => {
      const total = await Equipment.countDocuments();
      expect(total).to.be.at.least(90);
      const res = await request(app).get('/api/equipment').expect(200);
      expect(res.body.total).to.equal(total);
      expect(res.body.items).to.have.length(20);
      expect(res.body.items[0]).to.have.keys('id', 'name', 'nameEn', 'capabilities', 'region', 'fields', 'institute');
      const page2 = await request(app).get('/api/equipment?page=2&limit=10').expect(200);
      expect(page2.body.items).to.have.length(10);
      expect(page2.body.pages).to.equal(Math.ceil(total / 10));
    });

    it('finds an item by a Korean capability and by its English synonym', async () => {
      const korean = await request(app)
        .get(`/api/equipment?q=${encodeURIComponent('열충격')}`)
        .expect(200);
      expect(names(korean.body.items)).to.include('열충격 시험기');
      const english = await request(app).get('/api/equipment?q=Thermal%20Shock').expect(200);
      expect(names(english.body.items)).to.include('열충격 시험기');
      const spaced = await request(app)
        .get(`/api/equipment?q=${encodeURIComponent('열 충격')}`)
        .expect(200);
      expect(names(spaced.body.items)).to.include('열충격 시험기');
      const word = await request(app).get('/api/equipment?q=molecular%20weight').expect(200);
      expect(names(word.body.items)).to.include('GPC 분자량 분석기');
    });

    it('filters by institute, region and field', async () => {
      const byInstitute = await request(app).get('/api/equipment?institute=krict&limit=100').expect(200);
      expect(byInstitute.body.total).to.equal(await Equipment.countDocuments({ instituteCode: 'KRICT' }));
      expect(byInstitute.body.items.every((i: Item) => i.institute.code === 'KRICT')).to.equal(true);
      const region = encodeURIComponent('대전');
      const field = encodeURIComponent('기초소재');
      const both = await request(app).get(`/api/equipment?region=${region}&field=${field}&limit=100`).expect(200);
      expect(both.body.total).to.equal(await Equipment.countDocuments({ region: '대전', fields: '기초소재' }));
      expect(both.body.items.every((i: Item) => i.region === '대전' && i.fields.includes('기초소재'))).to.equal(true);
    });

    it('refuses an unknown field and answers 404 for an unknown item', async () => {
      const bad = await request(app).get('/api/equipment?field=nope').expect(400);
      expect(bad.body.fields).to.have.property('field');
      await request(app).get('/api/equipment/0123456789abcdef01234567').expect(404);
      await request(app).get('/api/equipment/nope').expect(400);
    });
  });

  describe('pages', () => {
    it('shows the search form, results with links, and an empty state that says what to do', async () => {
      const res = await request(app)
        .get(`/equipment?q=${encodeURIComponent('열충격')}`)
        .expect(200);
      expect(res.text).to.contain('<label for="q">검색어</label>');
      expect(res.text).to.match(/<a href="\/equipment\/[a-f0-9]{24}">열충격 시험기<\/a>/);
      expect(res.text).to.contain('href="/equipment">장비 찾기</a>');
      const none = await request(app).get('/equipment?q=zzqqxx').expect(200);
      expect(none.text).to.contain('조건에 맞는 장비가 없습니다.');
      expect(none.text).to.contain('href="/cases/new"');
    });

    it('shows an item with its institute and services; designated companies see the 50% discount', async () => {
      const item = await Equipment.findOne({ name: '열충격 시험기' }).lean();
      const path = `/equipment/${String(item?._id)}`;
      const anonymous = await request(app).get(path).expect(200);
      expect(anonymous.text).to.contain(`href="/institutes/${item?.instituteCode}"`);
      expect(anonymous.text).to.contain('기관 지원 유형');
      expect(anonymous.text).to.contain('로그인</a>하면');
      const company1 = await signedIn(app, 'company1@demo.test');
      const designated = await company1.get(path).expect(200);
      expect(designated.text).to.contain('<strong>사용료 50% 감면</strong> 대상입니다');
      const company2 = await signedIn(app, 'company2@demo.test');
      const plain = await company2.get(path).expect(200);
      expect(plain.text).not.to.contain('<strong>사용료 50% 감면</strong>');
      await request(app).get('/equipment/0123456789abcdef01234567').expect(404);
    });
  });

  describe('requesting an item from a case', () => {
    let company1: Agent;
    let caseId: string;
    let lead: string;
    let elsewhere: Item;

    before(async () => {
      company1 = await signedIn(app, 'company1@demo.test');
      const draft = await company1
        .post('/api/cases')
        .send({ ...sampleCase, title: '장비 요청용 과제' })
        .expect(201);
      caseId = draft.body.case.id;
      const routed = await company1.post(`/api/cases/${caseId}/transitions`).send({ action: 'submit' }).expect(200);
      lead = routed.body.case.lead;
      const team = [lead, ...routed.body.case.participants];
      const all = await request(app).get('/api/equipment?limit=100').expect(200);
      elsewhere = all.body.items.find((i: Item) => !team.includes(i.institute.code));
    });

    it('records the request on the case, audited, and gives the institute read access and a notification', async () => {
      const code = elsewhere.institute.code;
      const res = await company1
        .post(`/api/equipment/${elsewhere.id}/requests`)
        .send({ caseId, note: '다음 달 2주간 사용 희망' })
        .expect(201);
      expect(res.body.request).to.include({ equipmentId: elsewhere.id, instituteCode: code, discount: true });
      const stored = await Case.findById(caseId).lean();
      expect(stored?.equipmentRequests).to.have.length(1);
      expect(stored?.equipmentRequests[0]).to.include({
        equipmentName: elsewhere.name,
        note: '다음 달 2주간 사용 희망',
      });
      expect(stored?.audit.at(-1)).to.include({ action: 'equipment-request', actorRole: 'company' });
      expect(stored?.visibleTo).to.include(code);
      expect(stored?.participants).not.to.include(code);

      const engineer = await signedIn(app, `eng.${code.toLowerCase()}@demo.test`);
      const seen = await engineer.get(`/api/cases/${caseId}`).expect(200);
      expect(seen.body.case.equipmentRequests[0]).to.include({ instituteCode: code, discount: true });
      await engineer.post(`/api/cases/${caseId}/notes`).send({ text: '팀 아님' }).expect(403);
      // Not a member of the case's chat: no history, and no unread count either (one rule for both).
      const history = await engineer.get(`/api/cases/${caseId}/messages`);
      expect(history.status).to.be.oneOf([403, 404]);
      const unread = await engineer.get(`/api/chat/unread?cases=${caseId}`).expect(200);
      expect(unread.body.unread).to.not.have.property(caseId);
      expect(await notificationsOf(`eng.${code.toLowerCase()}@demo.test`, caseId)).to.equal(1);
      expect(await notificationsOf('coordinator@demo.test', caseId)).to.equal(1);
    });

    it('does not call the desk when the institute is already on the team, and refuses duplicates', async () => {
      const own = await Equipment.findOne({ instituteCode: lead }).lean();
      if (!own) return;
      const before = await notificationsOf('coordinator@demo.test', caseId);
      await company1
        .post(`/api/equipment/${String(own._id)}/requests`)
        .send({ caseId })
        .expect(201);
      expect(await notificationsOf('coordinator@demo.test', caseId)).to.equal(before);
      await company1
        .post(`/api/equipment/${String(own._id)}/requests`)
        .send({ caseId })
        .expect(409);
    });

    it('is only for the case’s own company and only on open cases', async () => {
      const company2 = await signedIn(app, 'company2@demo.test');
      await company2.post(`/api/equipment/${elsewhere.id}/requests`).send({ caseId }).expect(404);
      const leadEngineer = await signedIn(app, `eng.${lead.toLowerCase()}@demo.test`);
      await leadEngineer.post(`/api/equipment/${elsewhere.id}/requests`).send({ caseId }).expect(403);
      await request(app).post(`/api/equipment/${elsewhere.id}/requests`).send({ caseId }).expect(401);
      const bad = await company1.post(`/api/equipment/${elsewhere.id}/requests`).send({}).expect(400);
      expect(bad.body.fields).to.have.property('caseId');
      const closed = await Case.findOne({ companyName: '(주)한빛소재', status: 'closed' }, { _id: 1 }).lean();
      expect(closed, 'a closed demo case of company1').to.not.equal(null);
      await company1
        .post(`/api/equipment/${elsewhere.id}/requests`)
        .send({ caseId: String(closed?._id) })
        .expect(409);
    });

    it('works from the item page form and confirms with a link to the case', async () => {
      const other = (await request(app).get('/api/equipment?limit=100').expect(200)).body.items.find(
        (i: Item) => i.id !== elsewhere.id && i.institute.code !== lead,
      ) as Item;
      const page = await company1.get(`/equipment/${other.id}`).expect(200);
      expect(page.text).to.contain(`<option value="${caseId}"`);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      const posted = await company1
        .post(`/equipment/${other.id}/requests`)
        .type('form')
        .send({ _csrf: token, caseId, note: '' })
        .expect(303);
      const shown = await company1.get(String(posted.headers.location)).expect(200);
      expect(shown.text).to.contain('에 장비 사용을 요청했습니다.');
      expect(shown.text).to.contain(`href="/cases/${caseId}"`);
      const refused = await company1
        .post(`/equipment/${other.id}/requests`)
        .type('form')
        .send({ _csrf: token, caseId: 'nope' })
        .expect(400);
      expect(refused.text).to.contain('class="alert"');
    });
  });
});
