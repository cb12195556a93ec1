// Joint teams: the desk builds the team, each participant institute confirms its part
// (or declines with a reason), and the desk's queue shows what is left to do.
import { expect } from 'chai';
import type { Express } from 'express';
import { Case } from '../../src/cases/model';
import { Notification } from '../../src/notifications/model';
import { RoutingFeedback } from '../../src/routing/feedback-store';
import { testApp } from '../support/app';
import { sampleCase, signedIn, type Agent } from '../support/demo';

type CaseJson = {
  id: string;
  lead: string;
  participants: string[];
  routing: { team: string[] } | null;
  members: { institute: string; state: string; engineer: string | null; reason: string | null }[];
};

const engineerEmail = (code: string) => `eng.${code.toLowerCase()}@demo.test`;

describe('joint teams: the builder, participants confirming, the desk queue', function () {
  this.timeout(60_000);
  let app: Express;
  let company1: Agent;
  let coordinator: Agent;

  before(async () => {
    app = await testApp();
    [company1, coordinator] = await Promise.all([
      signedIn(app, 'company1@demo.test'),
      signedIn(app, 'coordinator@demo.test'),
    ]);
  });

  async function submitted(title = sampleCase.title): Promise<CaseJson> {
    const draft = await company1
      .post('/api/cases')
      .send({ ...sampleCase, title })
      .expect(201);
    const res = await company1.post(`/api/cases/${draft.body.case.id}/transitions`).send({ action: 'submit' });
    return res.body.case;
  }

  /** A submitted case with `partner` asked to join as a participant. */
  async function withPartner(partner: string, title?: string): Promise<CaseJson> {
    const c = await submitted(title);
    const other = c.lead === partner ? 'KRISS' : partner;
    const res = await coordinator
      .post(`/api/cases/${c.id}/team`)
      .send({ lead: c.lead, participants: [other] })
      .expect(200);
    return res.body.case;
  }

  const listed = async (agent: Agent, view: string) =>
    ((await agent.get(`/api/cases?view=${view}&limit=100`).expect(200)).body.items as { id: string }[]).map(
      (i) => i.id,
    );

  it('asks a new participant to confirm: pending, in its inbox and in the desk tab of teams to form', async () => {
    const c = await withPartner('KTL', '공동지원 구성 대기 과제');
    const partner = c.participants[0] ?? '';
    expect(c.members.find((m) => m.institute === partner)).to.include({
      state: 'pending',
      engineer: null,
      reason: null,
    });
    const engineer = await signedIn(app, engineerEmail(partner));
    expect(await listed(engineer, 'new')).to.include(c.id);
    expect(await listed(coordinator, 'joint')).to.include(c.id);
    const page = await coordinator.get('/cases?view=joint').expect(200);
    expect(page.text).to.contain('공동지원 구성 대기 과제').and.to.contain('융복합 구성 중');
    // Once the lead accepts, what the desk waits for is the participant's answer.
    const lead = await signedIn(app, engineerEmail(c.lead));
    await lead.post(`/api/cases/${c.id}/transitions`).send({ action: 'accept' }).expect(200);
    expect((await coordinator.get('/cases?view=joint').expect(200)).text).to.contain(`참여 확인 대기 (${partner})`);
  });

  it('a participant accepts its part with its engineer: the team is formed and the chat says so', async () => {
    const c = await withPartner('KTL');
    const partner = c.participants[0] ?? '';
    const engineer = await signedIn(app, engineerEmail(partner));
    const res = await engineer.post(`/api/cases/${c.id}/participation`).send({ answer: 'accept' }).expect(200);
    const member = res.body.case.members.find((m: { institute: string }) => m.institute === partner);
    expect(member).to.include({ state: 'accepted' });
    expect(member.engineer).to.be.a('string');
    expect(await listed(coordinator, 'joint')).not.to.include(c.id);
    expect(await listed(engineer, 'new')).not.to.include(c.id);
    // The participant's engineer now has the case in 내 담당, as the lead's has.
    expect(await listed(engineer, 'mine')).to.include(c.id);
    const stored = await Case.findById(c.id).lean();
    expect(stored?.audit.map((a) => a.action)).to.include('join');
    // Answering twice is refused: the institute is no longer asked.
    await engineer.post(`/api/cases/${c.id}/participation`).send({ answer: 'accept' }).expect(403);
  });

  it('a participant declines with a reason: off the team, the desk told, and the team to form again', async () => {
    const c = await withPartner('KTL');
    const partner = c.participants[0] ?? '';
    const engineer = await signedIn(app, engineerEmail(partner));
    const missing = await engineer.post(`/api/cases/${c.id}/participation`).send({ answer: 'decline' }).expect(400);
    expect(missing.body.fields).to.have.key('reason');
    const res = await engineer
      .post(`/api/cases/${c.id}/participation`)
      .send({ answer: 'decline', reason: '해당 분야 연구원이 모두 출장 중입니다.' })
      .expect(200);
    expect(res.body.case.participants).to.deep.equal([]);
    expect(await listed(coordinator, 'joint')).to.include(c.id);
    const told = await Notification.findOne({ caseId: c.id, 'message.key': 'participantDeclined' }).lean();
    expect(told?.message?.params).to.include({ institute: partner });
    // The decline is a routing signal for similar requests, as a lead's is.
    expect(await RoutingFeedback.exists({ caseId: c.id, institute: partner, kind: 'decline' })).to.not.equal(null);
    // The company sees the team as it now stands, not why the institute declined.
    const seen = (await company1.get(`/api/cases/${c.id}`).expect(200)).body.case;
    expect(seen.members.find((m: { institute: string }) => m.institute === partner).reason).to.equal(null);
    // Saving the team (as it is) answers the decline: the case leaves the tab.
    await coordinator.post(`/api/cases/${c.id}/team`).send({ lead: c.lead, participants: [] }).expect(200);
    expect(await listed(coordinator, 'joint')).not.to.include(c.id);
  });

  it('refuses answers from anyone but the asked institute', async () => {
    const c = await withPartner('KTL');
    const lead = await signedIn(app, engineerEmail(c.lead));
    await lead.post(`/api/cases/${c.id}/participation`).send({ answer: 'accept' }).expect(403);
    await company1.post(`/api/cases/${c.id}/participation`).send({ answer: 'accept' }).expect(403);
    await coordinator.post(`/api/cases/${c.id}/participation`).send({ answer: 'accept' }).expect(403);
    const outsider = await signedIn(app, engineerEmail(c.lead === 'KIER' ? 'KIMS' : 'KIER'));
    await outsider.post(`/api/cases/${c.id}/participation`).send({ answer: 'accept' }).expect(404);
    const partner = await signedIn(app, engineerEmail(c.participants[0] ?? ''));
    const odd = await partner.post(`/api/cases/${c.id}/participation`).send({ answer: 'maybe' }).expect(400);
    expect(odd.body.fields).to.have.key('answer');
  });

  it('the team builder lists every institute by Korean name with its fit, and marks the proposal', async () => {
    const c = await submitted();
    const page = await coordinator.get(`/cases/${c.id}`).expect(200);
    const rows = page.text.match(/data-builder-row/g) ?? [];
    expect(rows).to.have.length(37);
    expect(page.text).to.contain('한국기계연구원').and.to.contain('추천 주관');
    const leadRow = page.text.slice(page.text.indexOf(`value="${c.lead}"`));
    expect(leadRow.slice(0, 200)).to.contain('checked');
    // Institutes do not get the builder.
    const lead = await signedIn(app, engineerEmail(c.lead));
    expect((await lead.get(`/cases/${c.id}`).expect(200)).text).not.to.contain('data-builder-row');
  });

  it('splits the queue: new cases to route apart from offers awaiting acceptance, each with what to do and time left', async () => {
    const c = await submitted('배정 대기 탭 과제');
    const awaiting = (await coordinator.get('/api/cases?view=awaiting&limit=100').expect(200)).body.items;
    const row = awaiting.find((i: { id: string }) => i.id === c.id);
    expect(row.todo).to.deep.equal({ key: 'todoAwaitAccept', params: { institute: c.lead } });
    expect(row.sla.hours).to.be.a('number');
    expect(await listed(coordinator, 'intake')).not.to.include(c.id);
    const page = await coordinator.get('/cases?view=awaiting').expect(200);
    expect(page.text)
      .to.match(/새 접수 <span class="count">\d+/)
      .and.to.match(/공동지원 구성 필요 <span class="count">\d+/);
    expect(page.text)
      .to.match(/SLA 남은 시간/)
      .and.to.contain(`${c.lead}의 수락 대기`);
  });

  it('filters the queue by field and supply-chain item, and refuses an unknown region', async () => {
    const draft = await company1
      .post('/api/cases')
      .send({ ...sampleCase, title: '공급망 필터 과제', field: '전자부품', supplyChainItem: true })
      .expect(201);
    const c = (await company1.post(`/api/cases/${draft.body.case.id}/transitions`).send({ action: 'submit' })).body
      .case;
    const ids = async (query: string) =>
      (
        (await coordinator.get(`/api/cases?view=all&limit=100&${query}`).expect(200)).body.items as { id: string }[]
      ).map((i) => i.id);
    expect(await ids('supplyChain=1&field=' + encodeURIComponent('전자부품'))).to.include(c.id);
    expect(await ids('field=' + encodeURIComponent('기초소재'))).not.to.include(c.id);
    // company1 holds a verified designation (the demo seed): its requests carry it.
    expect(await ids('designated=1')).to.include(c.id);
    const other = await signedIn(app, 'company2@demo.test');
    const plain = await other
      .post('/api/cases')
      .send({ ...sampleCase, title: '지정 없는 기업 과제' })
      .expect(201);
    await other.post(`/api/cases/${plain.body.case.id}/transitions`).send({ action: 'submit' }).expect(200);
    expect(await ids('designated=1')).not.to.include(plain.body.case.id);
    const bad = await coordinator.get('/api/cases?region=Atlantis').expect(400);
    expect(bad.body.fields).to.have.key('region');
  });
});
