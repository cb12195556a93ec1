import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import request from 'supertest';
import mongoose from 'mongoose';
import { Case } from '../../src/cases/model';
import { storeSummary } from '../../src/dashboard/month-rows';
import { Institute } from '../../src/institutes/model';
import { testApp, testContext } from '../support/app';
import { sampleCase, signedIn, type Agent } from '../support/demo';

const DAY = 24 * 60 * 60 * 1000;
const MONTH_DAYS = 30.44;
const engineer = (code: string) => `eng.${code.toLowerCase()}@demo.test`;

type CaseJson = { id: string; lead: string; offeredTo: string; participants: string[] };

/** A binary supertest response body as a Buffer. */
const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

describe('dashboard month summaries', function () {
  this.timeout(30_000);
  before(() => testApp());

  it('stores a new month however many rebuilds insert it at once (E11000 is not an error)', async () => {
    const month = `19${String(10 + Math.floor(Math.random() * 89))}-${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}`;
    await mongoose.connection.collection('dashboardmonths').deleteOne({ _id: month as never });
    const stores = Array.from({ length: 12 }, (_, i) => storeSummary({ _id: month, version: `v${i}`, rows: [] }));
    const settled = await Promise.allSettled(stores);
    expect(settled.filter((r) => r.status === 'rejected')).to.deep.equal([]);
    expect(await mongoose.connection.collection('dashboardmonths').countDocuments({ _id: month as never })).to.equal(1);
  });
});

describe('dashboard', function () {
  this.timeout(60_000);

  describe('a year played on a moving clock (2017, no other test uses it)', () => {
    // Cases submitted, accepted, resolved and closed at known times, so the figures are exact.
    let clock = new Date('2017-03-06T01:00:00Z');
    const advance = (days: number) => {
      clock = new Date(clock.getTime() + days * DAY);
    };
    let app: Express;
    let company: Agent;
    let coordinator: Agent;
    let fast: CaseJson;
    let joint: CaseJson;
    let declinedBy = '';

    const act = (agent: Agent, c: { id: string }, body: Record<string, unknown>) =>
      agent.post(`/api/cases/${c.id}/transitions`).send(body).expect(200);

    /** A submitted case with the lead alone: the figures below count joint cases exactly. */
    async function submitted(title: string): Promise<CaseJson> {
      const draft = await company
        .post('/api/cases')
        .send({ ...sampleCase, title })
        .expect(201);
      const c: CaseJson = (await act(company, draft.body.case, { action: 'submit' })).body.case;
      if (!c.participants.length) return c;
      return (await coordinator.post(`/api/cases/${c.id}/team`).send({ lead: c.lead, participants: [] }).expect(200))
        .body.case;
    }

    before(async () => {
      app = await testApp(testContext(() => clock));
      [company, coordinator] = await Promise.all([
        signedIn(app, 'company1@demo.test'),
        signedIn(app, 'coordinator@demo.test'),
      ]);
      fast = await submitted('2017 대시보드 과제 1');
      joint = await submitted('2017 대시보드 과제 2');
      const declined = await submitted('2017 대시보드 과제 3');
      await coordinator
        .post(`/api/cases/${joint.id}/team`)
        .send({ lead: joint.lead, participants: ['KITECH', 'KETI'].filter((p) => p !== joint.lead).slice(0, 1) })
        .expect(200);
      joint = (await coordinator.get(`/api/cases/${joint.id}`).expect(200)).body.case;

      advance(2);
      const fastLead = await signedIn(app, engineer(fast.lead));
      await act(fastLead, fast, { action: 'accept' });
      await act(fastLead, fast, { action: 'start' });
      const declinedLead = await signedIn(app, engineer(declined.offeredTo));
      declinedBy = declined.offeredTo;
      await act(declinedLead, declined, { action: 'decline', reason: '보유 장비로 시험이 어렵습니다.' });
      advance(2);
      const jointLead = await signedIn(app, engineer(joint.lead));
      await act(jointLead, joint, { action: 'accept' });
      await act(jointLead, joint, { action: 'start' });

      advance(MONTH_DAYS - 4); // the first case is resolved one month after submission
      const resolve = { action: 'resolve', summary: '원인 분석 완료', result: '불량 해결', salesEffectKrw: 0 };
      await act(fastLead, fast, { ...resolve, costSavingKrw: 1_000_000, technologyTransfer: false });
      await act(company, fast, { action: 'close', satisfaction: 5 });
      advance(2 * MONTH_DAYS); // the joint case three months after
      await act(jointLead, joint, {
        ...resolve,
        costSavingKrw: 2_000_000,
        salesEffectKrw: 30_000_000,
        technologyTransfer: true,
      });
      await act(company, joint, { action: 'close', satisfaction: 7 });
    });

    it('gives exact figures for the period through the JSON API', async () => {
      const res = await coordinator.get('/api/dashboard?from=2017-01-01&to=2017-12-31').expect(200);
      const f = res.body;
      expect(f.period).to.deep.equal({ from: '2017-01-01', to: '2017-12-31' });
      expect(f.totals).to.deep.equal({ submitted: 3, joint: 1, jointShare: 0.3333 });
      expect(f.byStatus.find((s: { status: string }) => s.status === 'closed').count).to.equal(2);
      expect(f.byIndustry).to.deep.equal([{ industry: '이차전지', count: 3 }]);
      expect(f.acceptanceDays).to.deep.equal({ count: 2, median: 3, mean: 3 });
      expect(f.resolution).to.include({ count: 2, median: 2, mean: 2, withinTarget: 1 });
      expect(f.resolution).to.include({ targetMonths: 2.4, baselineMonths: 6 });
      expect(f.outcomes).to.deep.equal({
        resolved: 2,
        technologyTransfers: 1,
        costSavingKrw: 3_000_000,
        salesEffectKrw: 30_000_000,
      });
      expect(f.satisfaction).to.include({ mean: 6, count: 2 });
      const declines = f.institutes.find((i: { code: string }) => i.code === declinedBy);
      expect(declines.declines).to.be.at.least(1);
      const lead = f.institutes.find((i: { code: string }) => i.code === fast.lead);
      expect(lead.leadCases).to.be.at.least(1);
      expect(lead.satisfactionCount).to.be.at.least(1);
    });

    it('gives an institute manager only their own institute’s slice', async () => {
      const manager = await signedIn(app, `mgr.${joint.lead.toLowerCase()}@demo.test`);
      const res = await manager.get('/api/dashboard?from=2017-01-01&to=2017-12-31&institute=KRICT').expect(200);
      expect(res.body.institute).to.equal(joint.lead);
      expect(res.body.institutes).to.have.length(1);
      expect(res.body.institutes[0].code).to.equal(joint.lead);
      const involved = await Case.countDocuments({
        submittedAt: { $gte: new Date('2016-12-31T15:00:00Z'), $lt: new Date('2017-12-31T15:00:00Z') },
        $or: [{ lead: joint.lead }, { participants: joint.lead }],
      });
      expect(res.body.totals.submitted).to.equal(involved);
    });

    it('exports the period’s cases and the institute table as .xlsx and CSV', async () => {
      const xlsx = await coordinator
        .get('/dashboard/export/cases.xlsx?from=2017-01-01&to=2017-12-31')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(xlsx.headers['content-type']).to.contain('spreadsheetml');
      expect(xlsx.headers['content-disposition']).to.contain('cases_2017-01-01_2017-12-31.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.body as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.getRow(1).getCell(1).value).to.equal('과제 번호');
      expect(sheet.rowCount).to.equal(4);
      const titles = [2, 3, 4].map((n) => sheet.getRow(n).getCell(2).value);
      expect(titles).to.include('2017 대시보드 과제 2');

      const csv = await coordinator.get('/dashboard/export/institutes.csv?from=2017-01-01&to=2017-12-31').expect(200);
      expect(csv.headers['content-type']).to.contain('text/csv');
      expect(csv.text.charCodeAt(0)).to.equal(0xfeff);
      expect(csv.text).to.contain('기관 코드,기관명,주관 과제(수락)');
      expect(csv.text.trim().split('\r\n')).to.have.length(38); // header + 37 institutes

      // Asked from the English page, the columns and labels are English.
      const english = await coordinator
        .get('/dashboard/export/cases.csv?from=2017-01-01&to=2017-12-31')
        .set('Cookie', 'lang=en')
        .expect(200);
      expect(english.text).to.contain('Case number,Title,Company,Status,Field,Industry');
      const header = english.text.split('\r\n')[0] ?? '';
      expect(header).not.to.match(/[\uac00-\ud7a3]/);
    });
  });

  describe('the current year (shared data: expected figures come from the database)', () => {
    let app: Express;
    let coordinator: Agent;

    before(async () => {
      app = await testApp();
      coordinator = await signedIn(app, 'coordinator@demo.test');
    });

    it('defaults to this year so far and matches counts computed from the cases', async () => {
      const res = await coordinator.get('/api/dashboard').expect(200);
      const year = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 4);
      expect(res.body.period.from).to.equal(`${year}-01-01`);
      const start = new Date(`${year}-01-01T00:00:00+09:00`);
      const inYear = { submittedAt: { $gte: start } };
      const [submitted, joint, closed, resolved] = await Promise.all([
        Case.countDocuments(inYear),
        Case.countDocuments({ ...inYear, 'participants.0': { $exists: true } }),
        Case.countDocuments({ ...inYear, status: 'closed' }),
        Case.countDocuments({ resolvedAt: { $gte: start } }),
      ]);
      expect(res.body.totals.submitted).to.equal(submitted);
      expect(res.body.totals.joint).to.equal(joint);
      expect(res.body.byStatus.find((s: { status: string }) => s.status === 'closed').count).to.equal(closed);
      expect(res.body.outcomes.resolved).to.equal(resolved);
      expect(res.body.institutes).to.have.length(37);
    });

    it('follows each case change at once: a month summary is rebuilt when a case in it changes', async () => {
      const before = (await coordinator.get('/api/dashboard').expect(200)).body.totals.submitted;
      const company = await signedIn(app, 'company1@demo.test');
      const draft = await company.post('/api/cases').send(sampleCase).expect(201);
      const unchanged = (await coordinator.get('/api/dashboard').expect(200)).body.totals.submitted;
      expect(unchanged, 'a draft does not count').to.equal(before);
      await company.post(`/api/cases/${draft.body.case.id}/transitions`).send({ action: 'submit' }).expect(200);
      const after = (await coordinator.get('/api/dashboard').expect(200)).body.totals.submitted;
      expect(after).to.equal(before + 1);
    });

    it('renders the page with charts backed by accessible tables and export links', async () => {
      const res = await coordinator.get('/dashboard').expect(200);
      expect(res.text).to.contain('<h1>대시보드');
      const api = await coordinator.get('/api/dashboard').expect(200);
      for (const s of api.body.byStatus as { label: string; count: number }[])
        expect(res.text).to.contain(`<th scope="row">${s.label}</th><td class="num">${s.count}</td>`);
      expect(res.text).to.match(/<canvas data-chart="\{&quot;type&quot;:&quot;bar&quot;/);
      expect(res.text).to.contain('<caption>상태별 과제 수');
      expect(res.text).to.contain('<th scope="row">');
      expect(res.text).to.contain('/dashboard/export/cases.xlsx?from');
      expect(res.text).to.contain('<script src="/vendor/chartjs/chart.umd.min.js" defer></script>');
      expect(res.text).to.contain('href="/dashboard">대시보드</a>');
    });

    it('renders the dashboard and the equipment search in English with the cookie lang=en', async () => {
      // The header link sets the browser's cookie, which outranks the account's saved choice.
      const manager = await signedIn(app, 'mgr.kitech@demo.test');
      await manager
        .get('/lang/en?next=/dashboard')
        .expect(302)
        .expect('set-cookie', /lang=en/);
      try {
        const res = await manager.get('/dashboard').expect(200);
        const kitech = await Institute.findOne({ code: 'KITECH' }, { nameEn: 1 }).lean();
        expect(res.text).to.contain('<html lang="en">');
        expect(res.text).to.contain('<title>Dashboard ·');
        expect(res.text).to.contain('<h1>Dashboard <small>');
        expect(res.text).to.contain(`${kitech?.nameEn} (KITECH)`);
        expect(res.text).to.contain('<caption>Cases by status (submitted in the period)</caption>');
        expect(res.text).to.contain('<th scope="row">Submitted</th>');
        expect(res.text).to.contain('<label for="from">From</label>');
        expect(res.text).to.contain('Annual results by institute');
        expect(res.text).not.to.contain('상태별 과제');
      } finally {
        await manager.get('/lang/ko?next=/').expect(302);
      }

      const search = await request(app).get('/equipment?q=thermal%20shock').set('Cookie', 'lang=en').expect(200);
      expect(search.text).to.contain('<html lang="en">');
      expect(search.text).to.contain('<h1>Find equipment <small>');
      expect(search.text).to.contain('<label for="q" class="visually-hidden">Search terms</label>');
      expect(search.text).to.match(/<a href="\/equipment\/[a-f0-9]{24}"><mark>Thermal<\/mark> <mark>Shock<\/mark> /);
      expect(search.text).not.to.contain('검색어');
      const none = await request(app).get('/equipment?q=zzqqxx').set('Cookie', 'lang=en').expect(200);
      expect(none.text).to.contain('No equipment matches your search.');
    });

    it('serves Chart.js locally', async () => {
      const res = await request(app).get('/vendor/chartjs/chart.umd.min.js').expect(200);
      expect(res.headers['content-type']).to.contain('javascript');
      expect(res.text).to.contain('Chart.js v4');
    });

    it('is for the desk and institute managers only', async () => {
      await request(app).get('/api/dashboard').expect(401);
      await request(app).get('/dashboard').expect(302).expect('location', '/login?next=%2Fdashboard');
      const company = await signedIn(app, 'company1@demo.test');
      await company.get('/api/dashboard').expect(403);
      await company.get('/dashboard/export/cases.csv').expect(403);
      const page = await company.get('/cases').expect(200);
      expect(page.text).not.to.contain('href="/dashboard"');
      const eng = await signedIn(app, 'eng.krict@demo.test');
      await eng.get('/dashboard').expect(403);
      const admin = await signedIn(app, 'admin@demo.test');
      await admin.get('/api/dashboard').expect(200);
    });

    it('refuses malformed or reversed periods and unknown institutes with field messages', async () => {
      const bad = await coordinator.get('/api/dashboard?from=2025-02-30').expect(400);
      expect(bad.body.fields).to.have.property('from');
      const reversed = await coordinator.get('/api/dashboard?from=2025-05-01&to=2025-04-01').expect(400);
      expect(reversed.body.fields).to.have.property('to');
      const unknown = await coordinator.get('/api/dashboard?institute=NOPE').expect(400);
      expect(unknown.body.fields).to.have.property('institute');
      await coordinator.get('/dashboard/export/cases.pdf').expect(404);
    });
  });
});
