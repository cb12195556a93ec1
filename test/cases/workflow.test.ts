import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { escalateLateCases, routeStrandedSubmissions } from '../../src/cases/sla';
import { koreaDay } from '../../src/core/http/fields';
import { User } from '../../src/accounts/model';
import { Case, type CaseDoc } from '../../src/cases/model';
import { SYSTEM_ACTOR, updateCase } from '../../src/cases/store';
import { Institute } from '../../src/institutes/model';
import { seedCatalogueVersion } from '../../src/institutes/catalogue';
import { RoutingFeedback } from '../../src/routing/feedback-store';
import { recountLoads } from '../../src/routing/load';
import { testApp, testContext } from '../support/app';
import { sampleCase, signedIn, type Agent } from '../support/demo';

type CaseJson = {
  id: string;
  status: string;
  lead: string | null;
  offeredTo: string | null;
  participants: string[];
  escalated: boolean;
  overdue: boolean;
  routing: {
    ranked: { institute: string; score: number; reasons: string[] }[];
    team: string[];
    catalogueVersion: string;
  } | null;
  actions: string[];
  rev: number;
};

const engineerEmail = (code: string | null) => `eng.${(code ?? '').toLowerCase()}@demo.test`;

describe('case workflow', function () {
  this.timeout(60_000);
  let app: Express;
  let company1: Agent;
  let company2: Agent;
  let coordinator: Agent;

  before(async () => {
    app = await testApp();
    [company1, company2, coordinator] = await Promise.all([
      signedIn(app, 'company1@demo.test'),
      signedIn(app, 'company2@demo.test'),
      signedIn(app, 'coordinator@demo.test'),
    ]);
  });

  async function submitted(input: Record<string, unknown> = sampleCase): Promise<CaseJson> {
    const draft = await company1.post('/api/cases').send(input).expect(201);
    const res = await company1
      .post(`/api/cases/${draft.body.case.id}/transitions`)
      .send({ action: 'submit' })
      .expect(200);
    return res.body.case;
  }

  const act = (agent: Agent, c: { id: string }, body: Record<string, unknown>) =>
    agent.post(`/api/cases/${c.id}/transitions`).send(body);

  it('saves a draft, edits it, and routes it at once on submit, storing the routing', async () => {
    const draft = await company1
      .post('/api/cases')
      .send({ ...sampleCase, title: '초안 제목' })
      .expect(201);
    expect(draft.body.case).to.include({ status: 'draft' });
    await company1.put(`/api/cases/${draft.body.case.id}`).send(sampleCase).expect(200);
    const res = await act(company1, draft.body.case, { action: 'submit' }).expect(200);
    const c: CaseJson = res.body.case;
    expect(c.status).to.equal('routed');
    expect(c.lead).to.be.a('string');
    expect(c.offeredTo).to.equal(c.lead);
    expect(c.routing?.team[0]).to.equal(c.lead);
    expect(c.routing?.catalogueVersion).to.equal(seedCatalogueVersion());
    expect(c.routing?.ranked[0]?.reasons.length).to.be.greaterThan(0);
    const stored = await Case.findById(c.id).lean();
    expect(stored?.routing?.ranked.length).to.be.greaterThan(0);
    expect(stored?.visibleTo).to.include(c.lead);
  });

  it('refuses a draft with field-level messages and stores nothing', async () => {
    const before = await Case.countDocuments();
    const res = await company1
      .post('/api/cases')
      .send({ title: 'x', description: '짧음', supportTypes: ['없는 유형'] })
      .expect(400);
    expect(res.body.fields).to.have.keys('title', 'description', 'supportTypes.0');
    expect(await Case.countDocuments()).to.equal(before);
  });

  it('walks accept → start → joint team → resolve → close, with an audit trail', async () => {
    const c = await submitted();
    const lead = await signedIn(app, engineerEmail(c.lead));
    await act(lead, c, { action: 'accept' }).expect(200);
    await act(lead, c, { action: 'start' }).expect(200);

    const team = [c.lead, ...c.participants].join(' + ');
    const second = ['KTL', 'KETI', 'KIMS'].find((code) => code !== c.lead && !c.participants.includes(code)) ?? 'KRISS';
    const joint = await coordinator
      .post(`/api/cases/${c.id}/team`)
      .send({ lead: c.lead, participants: [...c.participants, second] })
      .expect(200);
    expect(joint.body.case).to.include({ status: 'in_progress', convergence: true });
    const participant = await signedIn(app, engineerEmail(second));
    await participant.get(`/api/cases/${c.id}`).expect(200);
    await participant.post(`/api/cases/${c.id}/notes`).send({ text: '시편 분석 결과 공유합니다.' }).expect(201);
    await act(participant, c, { action: 'resolve', summary: '분석 수행', result: '원인 확인' }).expect(403);

    const resolve = {
      action: 'resolve',
      summary: '셀 분해 분석과 가스 성분 분석',
      result: '전해질 분해가 원인',
      costSavingKrw: 5_000_000,
      technologyTransfer: true,
    };
    await act(lead, c, resolve).expect(200);
    const closed = await act(company1, c, { action: 'close', satisfaction: 6, comment: '감사합니다' }).expect(200);
    expect(closed.body.case).to.include({ status: 'closed' });
    expect(closed.body.case.rating).to.deep.equal({ satisfaction: 6, comment: '감사합니다' });

    const audit = await coordinator.get(`/api/cases/${c.id}/audit`).expect(200);
    const actions = audit.body.entries.map((e: { action: string }) => e.action);
    expect(actions).to.deep.equal(['create', 'submit', 'route', 'accept', 'start', 'team', 'note', 'resolve', 'close']);
    const teamEntry = audit.body.entries[5];
    expect(teamEntry).to.include({ from: team, to: `${team} + ${second}` });
    expect(teamEntry.actor.name).to.match(/이서연/);
    await company1.get(`/api/cases/${c.id}/audit`).expect(403);
  });

  it('refuses a transition from the wrong state with 409 and a sentence', async () => {
    const c = await submitted();
    const res = await act(company1, c, { action: 'close', satisfaction: 5 }).expect(409);
    expect(res.body.error).to.match(/'해결' 상태에서만/);
  });

  it('lets only one of two concurrent accepts win', async () => {
    const c = await submitted();
    const engineer = await signedIn(app, engineerEmail(c.lead));
    const manager = await signedIn(app, `mgr.${(c.lead ?? '').toLowerCase()}@demo.test`);
    const results = await Promise.all([act(engineer, c, { action: 'accept' }), act(manager, c, { action: 'accept' })]);
    expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409]);
    const stored = await Case.findById(c.id).lean();
    expect(stored?.audit.filter((a) => a.action === 'accept')).to.have.length(1);
  });

  it('lets one of many concurrent changes to a case win per revision', async () => {
    const c = await submitted();
    const engineer = await signedIn(app, engineerEmail(c.lead));
    const attempts = await Promise.all([
      act(engineer, c, { action: 'accept' }),
      act(engineer, c, { action: 'decline', reason: '동시에 거절을 시도합니다.' }),
      act(coordinator, c, { action: 'reassign', institute: c.lead === 'KIMS' ? 'KITECH' : 'KIMS' }),
      coordinator.post(`/api/cases/${c.id}/due`).send({ dueAt: '2030-01-01' }),
    ]);
    // A request that reads the case after another has changed it acts on the new
    // revision (legitimately); what must never happen is two wins on one revision.
    const wins = attempts.filter((r) => r.status === 200).length;
    expect(wins).to.be.at.least(1);
    expect(attempts.filter((r) => r.status === 409)).to.have.length(4 - wins);
    const stored = await Case.findById(c.id).lean();
    expect(stored?.rev).to.equal(c.rev + wins);
  });

  it('lets exactly one of many changes made from the same revision win', async () => {
    const c = await submitted();
    const read = await Case.findById(c.id).lean<CaseDoc>();
    if (!read) throw new Error('case is missing');
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        updateCase(
          SYSTEM_ACTOR,
          read,
          { set: { dueAt: new Date(Date.UTC(2030, 0, i + 1)) }, audit: { action: 'due' } },
          new Date(),
        ),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).to.have.length(1);
    const stored = await Case.findById(c.id).lean();
    expect(stored?.rev).to.equal(read.rev + 1);
    expect(stored?.audit.filter((a) => a.action === 'due')).to.have.length(1);
  });

  it('moves a declined case to the next candidate and hides it from the decliner', async () => {
    const c = await submitted();
    const first = c.offeredTo;
    const engineer = await signedIn(app, engineerEmail(first));
    await act(engineer, c, { action: 'decline', reason: '' }).expect(400);
    const res = await act(engineer, c, { action: 'decline', reason: '현재 해당 장비 점검 중입니다.' }).expect(200);
    const next: CaseJson = res.body.case;
    expect(next.status).to.equal('routed');
    expect(next.offeredTo).to.not.equal(first);
    expect(c.routing?.ranked.map((r) => r.institute)).to.include(next.offeredTo);
    await engineer.get(`/api/cases/${c.id}`).expect(404);
    expect(await RoutingFeedback.countDocuments({ caseId: c.id, kind: 'decline', institute: first })).to.equal(1);
  });

  it('lands a decliner on their list with where the case went, not on a page they can no longer see', async () => {
    const c = await submitted();
    const engineer = await signedIn(app, engineerEmail(c.offeredTo));
    const token = /name="_csrf" value="([^"]+)"/.exec((await engineer.get(`/cases/${c.id}`).expect(200)).text)?.[1];
    const res = await engineer
      .post(`/cases/${c.id}/transitions`)
      .type('form')
      .send({ _csrf: token, action: 'decline', reason: '현재 해당 장비 점검 중입니다.' })
      .expect(302);
    const next = (await Case.findById(c.id).lean())?.offeredTo;
    expect(res.headers.location).to.equal(`/cases?declined=${next}`);
    const list = await engineer.get(String(res.headers.location)).expect(200);
    expect(list.text).to.include(`과제는 다음 기관(${next})으로 넘어갔습니다`);
  });

  it("keeps each institute's open load in step with routing and declines, as a recount finds it", async () => {
    const loadOf = async (code: string | null) => (await Institute.findOne({ code }, { openLoad: 1 }).lean())?.openLoad;
    await recountLoads();
    const c = await submitted();
    const first = c.offeredTo;
    const before = (await loadOf(first)) ?? 0;
    const engineer = await signedIn(app, engineerEmail(first));
    const next: CaseJson = (await act(engineer, c, { action: 'decline', reason: '장비 점검 중입니다.' }).expect(200))
      .body.case;
    expect(await loadOf(first), 'the decliner is freed').to.equal(before - 1);
    const nextLoad = await loadOf(next.offeredTo);
    await recountLoads();
    expect(await loadOf(first)).to.equal(before - 1);
    expect(await loadOf(next.offeredTo)).to.equal(nextLoad);
  });

  it('sends a case back to the desk when every candidate declines', async () => {
    let c = await submitted();
    let engineer: Agent | undefined;
    for (let i = 0; i < 12 && c.status === 'routed'; i++) {
      engineer = await signedIn(app, engineerEmail(c.offeredTo));
      c = (await act(engineer, c, { action: 'decline', reason: '우리 기관 분야가 아닙니다.' }).expect(200)).body.case;
    }
    expect(c).to.include({ status: 'submitted', escalated: true, offeredTo: null });
    const lastDecliner = await engineer?.get('/api/cases?limit=100').expect(200);
    expect(lastDecliner?.body.items.map((i: { id: string }) => i.id)).to.not.include(c.id);
    const queue = await coordinator.get('/api/cases?view=escalated&limit=100').expect(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).to.include(c.id);
  });

  it('lets the coordinator reassign, and remembers the override for routing', async () => {
    const c = await submitted();
    const target = c.lead === 'KIMS' ? 'KITECH' : 'KIMS';
    const res = await act(coordinator, c, { action: 'reassign', institute: target }).expect(200);
    expect(res.body.case).to.include({ status: 'routed', lead: target, offeredTo: target });
    expect(await RoutingFeedback.countDocuments({ caseId: c.id, kind: 'override_to', institute: target })).to.equal(1);
    await act(company1, c, { action: 'reassign', institute: target }).expect(403);
  });

  it('escalates a routed case not accepted within the service level, once', async () => {
    const c = await submitted();
    const later = testContext(() => new Date(Date.now() + 7 * 24 * 60 * 60 * 1000));
    expect(await escalateLateCases(later)).to.be.greaterThan(0);
    expect(await escalateLateCases(later)).to.equal(0);
    const stored = await Case.findById(c.id).lean();
    expect(stored?.escalated).to.equal(true);
    expect(stored?.audit.at(-1)?.action).to.equal('escalate');
    const lateApp = await testApp(later);
    const desk = await signedIn(lateApp, 'coordinator@demo.test');
    const overdue = await desk.get('/api/cases?view=overdue&limit=100').expect(200);
    const item = overdue.body.items.find((i: { id: string }) => i.id === c.id);
    expect(item).to.include({ overdue: true, escalated: true });
  });

  it('skips a paused institute when routing', async () => {
    const probe = await submitted();
    await Institute.updateOne({ code: probe.lead }, { $set: { status: 'paused' } });
    try {
      const again = await submitted();
      expect(again.lead).to.not.equal(probe.lead);
      const stored = await Case.findById(again.id).lean();
      expect(stored?.routing?.skipped.map((s) => s.institute)).to.include(probe.lead);
    } finally {
      await Institute.updateOne({ code: probe.lead }, { $set: { status: 'active' } });
    }
  });

  it('keeps the team of a resolved case as it is', async () => {
    const c = await submitted();
    const lead = await signedIn(app, engineerEmail(c.lead));
    await act(lead, c, { action: 'accept' }).expect(200);
    await act(lead, c, { action: 'start' }).expect(200);
    await act(lead, c, { action: 'resolve', summary: '분석 완료', result: '원인 확인' }).expect(200);
    const res = await coordinator.post(`/api/cases/${c.id}/team`).send({ lead: 'KIMS', participants: [] }).expect(409);
    expect(res.body.error).to.match(/진행 중까지/);
  });

  it('refuses the lead ticked as a participant too, with a field message, and changes nothing', async () => {
    const c = await submitted();
    const before = await Case.findById(c.id).lean();
    const res = await coordinator
      .post(`/api/cases/${c.id}/team`)
      .send({ lead: c.lead, participants: [c.lead, ...c.participants] })
      .expect(400);
    expect(res.body.fields.participants).to.contain(`${c.lead}은(는) 주관 기관입니다`);
    const after = await Case.findById(c.id).lean();
    expect(after?.rev).to.equal(before?.rev);
    expect(after?.audit).to.have.length(before?.audit.length ?? 0);
  });

  it('saves an unchanged team without a change or a chat line', async () => {
    const c = await submitted();
    const before = await Case.findById(c.id).lean();
    await coordinator.post(`/api/cases/${c.id}/team`).send({ lead: c.lead, participants: c.participants }).expect(200);
    const after = await Case.findById(c.id).lean();
    expect(after?.rev).to.equal(before?.rev);
  });

  it('shows the tab it opens as of now, even right after its other tabs were counted', async () => {
    const c = await submitted({ ...sampleCase, title: '탭 신선도 확인용 과제' });
    const engineer = await signedIn(app, engineerEmail(c.lead));
    // Counting every tab holds the engineer's lists…
    expect((await engineer.get('/cases?view=new').expect(200)).text).to.contain('탭 신선도 확인용 과제');
    await act(engineer, c, { action: 'accept' }).expect(200);
    // …and the tab opened next is read fresh: the case has moved from 새로 배정 to 내 담당.
    expect((await engineer.get('/cases?view=mine').expect(200)).text).to.contain('탭 신선도 확인용 과제');
    expect((await engineer.get('/cases?view=new').expect(200)).text).not.to.contain('탭 신선도 확인용 과제');
  });

  it('sorts a list by the nearest deadline or the newest submission, and refuses an unknown order', async () => {
    const [a, b] = [await submitted(), await submitted()];
    await coordinator.post(`/api/cases/${a.id}/due`).send({ dueAt: '2031-03-01' }).expect(200);
    await coordinator.post(`/api/cases/${b.id}/due`).send({ dueAt: '2031-02-01' }).expect(200);
    const engineer = await signedIn(app, engineerEmail(a.lead));
    for (const c of [a, b]) if (c.lead === a.lead) await act(engineer, c, { action: 'accept' }).expect(200);
    const due = (await coordinator.get('/api/cases?view=queue&sort=due&limit=100').expect(200)).body.items;
    const deadline = (c: { status: string; acceptBy: string | null; dueAt: string | null }) =>
      Date.parse((c.status === 'routed' ? c.acceptBy : c.dueAt) ?? '9999-12-31');
    const deadlines = due.map(deadline);
    expect(deadlines).to.deep.equal([...deadlines].sort((x: number, y: number) => x - y));
    const newest = (await coordinator.get('/api/cases?view=all&sort=submitted&limit=100').expect(200)).body.items;
    expect(newest[0].id).to.equal(b.id);
    const bad = await coordinator.get('/api/cases?sort=sideways').expect(400);
    expect(bad.body.fields).to.have.property('sort');
  });

  it('sets a due date, and marks the case overdue once it passes', async () => {
    const c = await submitted();
    await coordinator.post(`/api/cases/${c.id}/due`).send({ dueAt: 'soon' }).expect(400);
    const past = await coordinator.post(`/api/cases/${c.id}/due`).send({ dueAt: '2020-01-01' }).expect(400);
    expect(past.body.fields.dueAt).to.match(/오늘 이후/);
    // Due today (from midnight, Korea time): overdue at once.
    const res = await coordinator
      .post(`/api/cases/${c.id}/due`)
      .send({ dueAt: koreaDay(new Date()) })
      .expect(200);
    expect(res.body.case.overdue).to.equal(true);
  });

  it('lets an institute manager accept on the page and hand the case to one of its engineers', async () => {
    const c = await submitted();
    const code = (c.lead ?? '').toLowerCase();
    const manager = await signedIn(app, `mgr.${code}@demo.test`);
    const page = await manager.get(`/cases/${c.id}`).expect(200);
    const engineer = await User.findOne({ email: engineerEmail(c.lead) }).lean();
    expect(page.text)
      .to.include('name="engineerId"')
      .and.include(`value="${String(engineer?._id)}"`);
    const plain = await signedIn(app, engineerEmail(c.lead));
    const engineerPage = (await plain.get(`/cases/${c.id}`).expect(200)).text;
    expect(engineerPage).to.include('name="action" value="accept"').and.not.include('name="engineerId"');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    await manager
      .post(`/cases/${c.id}/transitions`)
      .type('form')
      .send({ _csrf: token, action: 'accept', engineerId: String(engineer?._id) })
      .expect(302);
    const stored = await Case.findById(c.id).lean();
    expect(stored?.status).to.equal('accepted');
    expect(stored?.assignedEngineer?.id).to.equal(String(engineer?._id));
  });

  it('notifies the company when its case is accepted', async () => {
    const c = await submitted();
    const engineer = await signedIn(app, engineerEmail(c.lead));
    await act(engineer, c, { action: 'accept' }).expect(200);
    const res = await company1.get('/api/notifications').expect(200);
    expect(res.body.unread).to.be.greaterThan(0);
    expect(res.body.items[0]).to.include({ caseId: c.id, kind: 'accepted' });
  });

  describe('attachments', () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

    async function csrf(agent: Agent): Promise<string> {
      return (await agent.get('/api/me').expect(200)).body.csrfToken;
    }

    it('lets the uploader or the desk remove a file, nobody else, and never from a closed case', async () => {
      const c = await submitted();
      const upload = async () =>
        (
          await company1
            .post(`/api/cases/${c.id}/attachments`)
            .set('x-csrf-token', await csrf(company1))
            .attach('file', pdf, { filename: '지울 파일.pdf', contentType: 'application/pdf' })
            .expect(201)
        ).body.attachment.id as string;
      const [mine, other] = [await upload(), await upload()];
      const engineer = await signedIn(app, engineerEmail(c.lead));
      const refused = await engineer.delete(`/api/cases/${c.id}/attachments/${mine}`).send({}).expect(403);
      expect(refused.body.error).to.contain('올린 사람');
      await company1.delete(`/api/cases/${c.id}/attachments/${mine}`).send({}).expect(204);
      await company1.get(`/api/cases/${c.id}/attachments/${mine}`).expect(404);
      await coordinator.delete(`/api/cases/${c.id}/attachments/${other}`).send({}).expect(204);
      const stored = await Case.findById(c.id).lean();
      expect(stored?.attachments).to.have.length(0);
      expect(stored?.audit.filter((a) => a.action === 'detach').map((a) => a.detail)).to.deep.equal([
        '지울 파일.pdf',
        '지울 파일.pdf',
      ]);
      await company1.delete(`/api/cases/${c.id}/attachments/${mine}`).send({}).expect(404);
    });

    it('stores a PDF in the database and serves it to those who may see the case', async () => {
      const c = await submitted();
      const up = await company1
        .post(`/api/cases/${c.id}/attachments`)
        .set('x-csrf-token', await csrf(company1))
        .attach('file', pdf, { filename: '시험성적서.pdf', contentType: 'application/pdf' })
        .expect(201);
      expect(up.body.attachment).to.include({
        filename: '시험성적서.pdf',
        contentType: 'application/pdf',
        size: pdf.length,
      });
      const down = await company1
        .get(`/api/cases/${c.id}/attachments/${up.body.attachment.id}`)
        .buffer(true)
        .expect(200);
      expect(Buffer.compare(down.body as Buffer, pdf)).to.equal(0);
      await company2.get(`/api/cases/${c.id}/attachments/${up.body.attachment.id}`).expect(404);
    });

    it('refuses files that are not PDF or images, and uploads without a CSRF token', async () => {
      const c = await submitted();
      const bad = await company1
        .post(`/api/cases/${c.id}/attachments`)
        .set('x-csrf-token', await csrf(company1))
        .attach('file', Buffer.from('MZ not a pdf'), { filename: 'tool.pdf', contentType: 'application/pdf' })
        .expect(400);
      expect(bad.body.fields).to.have.property('file');
      await company1.post(`/api/cases/${c.id}/attachments`).attach('file', pdf, 'a.pdf').expect(403);
      const html = Buffer.from('<!doctype html><script>alert(1)</script>');
      await company1
        .post(`/api/cases/${c.id}/attachments`)
        .set('x-csrf-token', await csrf(company1))
        .attach('file', html, { filename: 'page.html', contentType: 'image/png' })
        .expect(400);
      expect((await Case.findById(c.id).lean())?.attachments).to.have.length(0);
    });

    it('stores a name with the extension of what the file is, without bidi or control characters', async () => {
      const c = await submitted();
      const token = await csrf(company1);
      const upload = (filename: string) =>
        company1
          .post(`/api/cases/${c.id}/attachments`)
          .set('x-csrf-token', token)
          .attach('file', pdf, { filename, contentType: 'application/pdf' })
          .expect(201);
      expect((await upload('report.html')).body.attachment.filename).to.equal('report.pdf');
      expect((await upload('invoice\u202Efdp.exe')).body.attachment.filename).to.equal('invoicefdp.pdf');
      expect((await upload('시험 성적서.pdf')).body.attachment.filename).to.equal('시험 성적서.pdf');
    });

    it('refuses an upload without a CSRF token (checked before the body is read)', async () => {
      const c = await submitted();
      const res = await company1.post(`/api/cases/${c.id}/attachments`).attach('file', pdf, 'big.pdf');
      expect(res.status).to.equal(403);
      expect(res.body.error).to.match(/보안 토큰/);
      expect((await Case.findById(c.id).lean())?.attachments).to.have.length(0);
    });
  });

  describe('input and refusals', () => {
    it('refuses control characters in searches with a field message, never a 500', async () => {
      for (const url of ['/api/cases?q=%00', '/api/cases?q=a%1Bb', '/api/equipment?q=%00']) {
        const res = await coordinator.get(url).expect(400);
        expect(res.body.fields, url).to.have.property('q');
      }
      await coordinator.get('/cases?q=%00').expect(400);
      await coordinator.get('/equipment?q=%07').expect(400);
      await coordinator.get('/cases?status=&q=').expect(200);
    });

    it('accepts only real calendar days from today on, with a message per field', async () => {
      for (const wishedBy of ['2026-02-30', 'true', '0', '+275760-09-13', '2019-01-01', true, 0]) {
        const res = await company1
          .post('/api/cases')
          .send({ ...sampleCase, wishedBy })
          .expect(400);
        expect(res.body.fields, String(wishedBy)).to.have.property('wishedBy');
      }
      const nextYear = `${new Date().getUTCFullYear() + 1}-03-31`;
      const ok = await company1
        .post('/api/cases')
        .send({ ...sampleCase, wishedBy: nextYear })
        .expect(201);
      expect(String(ok.body.case.wishedBy)).to.match(new RegExp(`^${nextYear.slice(0, 4)}-03-3[01]T`));
    });

    it('refuses a malformed engineer id with a field message', async () => {
      const c = await submitted();
      const lead = await signedIn(app, `mgr.${String(c.lead).toLowerCase()}@demo.test`).catch(() => undefined);
      const accepter = lead ?? (await signedIn(app, engineerEmail(c.lead)));
      const res = await act(accepter, c, { action: 'accept', engineerId: 'not-an-id' }).expect(400);
      expect(res.body.fields).to.have.property('engineerId');
    });

    it('tells a caller who may not take an action so before reading its fields', async () => {
      const c = await submitted();
      const res = await act(company1, c, { action: 'resolve' });
      expect(res.status).to.be.oneOf([403, 409]);
      expect(res.body.fields).to.equal(undefined);
      await act(company2, c, { action: 'resolve' }).expect(404);
      const team = await company1.post(`/api/cases/${c.id}/team`).send({});
      expect(team.status).to.equal(403);
      const unknown = await act(company1, c, { action: 'explode' }).expect(400);
      expect(unknown.body.fields).to.have.property('action');
    });
  });

  describe('the intake form', () => {
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

    it('comes back with every value kept and the messages beside their fields, never a 500', async () => {
      const token = csrfOf((await company1.get('/cases/new').expect(200)).text);
      for (const wishedBy of ['', '2030-05-20']) {
        const res = await company1
          .post('/cases')
          .type('form')
          .send({
            _csrf: token,
            title: 'ab',
            description: '짧음',
            field: '전자부품',
            wishedBy,
            supportTypes: '신뢰성평가',
          })
          .expect(400);
        expect(res.text, wishedBy).to.include('value="ab"').and.include('id="title-error"');
        const fieldSelect = /<select id="field"[\s\S]*?<\/select>/.exec(res.text)?.[0] ?? '';
        expect((fieldSelect.match(/<option value="[^"]*"/g) ?? []).length, 'the five fields and "not sure"').to.equal(
          6,
        );
        expect(res.text).to.include('<option value="전자부품" selected>');
        if (wishedBy) expect(res.text).to.include(`value="${wishedBy}"`);
      }
    });

    it('shows a stored wished date as the day that was chosen (Korea time)', async () => {
      const day = `${new Date().getUTCFullYear() + 1}-01-01`;
      const draft = await company1
        .post('/api/cases')
        .send({ ...sampleCase, wishedBy: day })
        .expect(201);
      const edit = await company1.get(`/cases/${draft.body.case.id}/edit`).expect(200);
      expect(edit.text).to.include(`name="wishedBy" type="date" value="${day}"`);
    });
  });

  describe('faults', () => {
    it('routes a submitted case whose routing never ran (the second write of a submit was lost)', async () => {
      const draft = await company1.post('/api/cases').send(sampleCase).expect(201);
      const stored = await Case.findById(draft.body.case.id).lean<CaseDoc>();
      if (!stored) throw new Error('draft not stored');
      const past = new Date(Date.now() - 5 * 60_000);
      const half = await updateCase(
        SYSTEM_ACTOR,
        stored,
        { set: { status: 'submitted', submittedAt: past }, audit: { action: 'submit', to: 'submitted' } },
        past,
      );
      expect(half.routing).to.equal(undefined);

      expect(await routeStrandedSubmissions(testContext())).to.be.at.least(1);
      const after = await Case.findById(half._id).lean();
      expect(after?.status).to.be.oneOf(['routed', 'submitted']);
      expect(after?.routing, 'routing ran').to.not.equal(undefined);
      expect(await routeStrandedSubmissions(testContext()), 'once').to.equal(0);
    });
  });

  it('answers 401 to an anonymous client', async () => {
    await request(app).get('/api/cases').expect(401);
  });
});
