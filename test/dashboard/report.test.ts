// The performance report: the pure figures on hand-made rows, and the page and .xlsx
// as the desk downloads them (numbers as number cells, the period as date cells).
import ExcelJS from 'exceljs';
import { expect } from 'chai';
import type { Express } from 'express';
import { periodOf, type CaseRow } from '../../src/dashboard/figures';
import { performanceReport } from '../../src/dashboard/report';
import { instituteRefs } from '../../src/dashboard/service';
import { testApp } from '../support/app';
import { sampleCase, signedIn, type Agent } from '../support/demo';

const at = (day: string) => new Date(`${day}T12:00:00+09:00`);
const support = (type: string, institute: string, day: string) => ({ type, institute, deliveredAt: at(day) });

function row(overrides: Partial<CaseRow>): CaseRow {
  return {
    id: Math.random().toString(36).slice(2),
    number: '2026-00001',
    title: '과제',
    companyName: '회사',
    status: 'resolved',
    participants: [],
    declines: [],
    supports: [],
    ...overrides,
  };
}

describe('performance report', function () {
  this.timeout(60_000);
  const year = periodOf('2026-01-01', '2026-12-31');

  it('counts companies, supports by type, solved problems, transfers with fees and the joint share', () => {
    const rows = [
      row({
        companyId: 'a',
        lead: 'KETI',
        participants: ['KTL'],
        submittedAt: at('2026-02-01'),
        resolvedAt: at('2026-03-01'),
        technologyTransfer: true,
        technologyFeeKrw: 30_000_000,
        salesEffectKrw: 100,
        costSavingKrw: 10,
        satisfaction: 6,
        supports: [support('장비활용', 'KETI', '2026-02-10'), support('시험분석', 'KTL', '2026-02-11')],
      }),
      row({
        companyId: 'a',
        lead: 'KIMS',
        submittedAt: at('2026-04-01'),
        resolvedAt: at('2026-09-01'),
        satisfaction: 4,
        supports: [support('기술자문', 'KIMS', '2026-04-10'), support('장비활용', 'KIMS', '2025-12-31')],
      }),
      row({
        companyId: 'b',
        status: 'in_progress',
        lead: 'KIMS',
        submittedAt: at('2026-05-01'),
        supports: [support('장비활용', 'KIMS', '2026-05-02')],
      }),
    ];
    const report = performanceReport(rows, year, instituteRefs());
    expect(report.totals).to.include({
      companiesSupported: 2,
      supports: 4,
      problemsSolved: 2,
      technologyTransfers: 1,
      technologyFeesKrw: 30_000_000,
      salesEffectKrw: 100,
      costSavingKrw: 10,
      casesSubmitted: 3,
      satisfactionMean: 5,
    });
    expect(report.totals.jointShare).to.be.closeTo(1 / 3, 0.001);
    expect(report.supportsByType.find((s) => s.type === '장비활용')?.count).to.equal(2);
    expect(report.supportsByType).to.have.length(13);
    const kims = report.institutes.find((i) => i.code === 'KIMS');
    expect(kims).to.include({ supports: 2, problemsSolved: 1, companiesSupported: 2 });
    expect(report.institutes[0]?.rank).to.equal(1);
    expect(report.institutes.filter((i) => i.incentive)).to.have.length.of.at.most(Math.ceil(37 * 0.2));
    expect(report.institutes.find((i) => i.code === 'KIRIA')).to.include({ score: 0, incentive: false });
  });

  describe('on the page and as .xlsx', () => {
    let app: Express;
    let coordinator: Agent;
    before(async () => {
      app = await testApp();
      coordinator = await signedIn(app, 'coordinator@demo.test');
    });

    it('records a support on a case, and refuses a future date, an outsider and an institute off the team', async () => {
      const company = await signedIn(app, 'company1@demo.test');
      const draft = await company.post('/api/cases').send(sampleCase).expect(201);
      const c = (await company.post(`/api/cases/${draft.body.case.id}/transitions`).send({ action: 'submit' })).body
        .case;
      const lead = await signedIn(app, `eng.${String(c.lead).toLowerCase()}@demo.test`);
      const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
      const body = { type: '시험분석', institute: c.lead, deliveredAt: today };
      await lead.post(`/api/cases/${c.id}/supports`).send(body).expect(409);
      await lead.post(`/api/cases/${c.id}/transitions`).send({ action: 'accept' }).expect(200);
      const recorded = await lead.post(`/api/cases/${c.id}/supports`).send(body).expect(201);
      expect(recorded.body.case.supports).to.have.length(1);
      const future = await lead
        .post(`/api/cases/${c.id}/supports`)
        .send({ ...body, deliveredAt: '2099-01-01' })
        .expect(400);
      expect(future.body.fields).to.have.key('deliveredAt');
      const offTeam = await coordinator
        .post(`/api/cases/${c.id}/supports`)
        .send({ ...body, institute: 'KIRIA' })
        .expect(400);
      expect(offTeam.body.fields).to.have.key('institute');
      await company.post(`/api/cases/${c.id}/supports`).send(body).expect(403);
      const wrongType = await lead
        .post(`/api/cases/${c.id}/supports`)
        .send({ ...body, type: '점심' })
        .expect(400);
      expect(wrongType.body.fields).to.have.key('type');
    });

    it('shows the report to the desk, and only to the desk', async () => {
      const page = await coordinator.get('/dashboard/report?from=2026-01-01&to=2026-12-31').expect(200);
      expect(page.text).to.contain('성과 보고서').and.to.contain('기관별 연간 평가').and.to.contain('한국기계연구원');
      const manager = await signedIn(app, 'mgr.keti@demo.test');
      await manager.get('/dashboard/report').expect(403);
      const company = await signedIn(app, 'company1@demo.test');
      await company.get('/dashboard/report.xlsx').expect(403);
    });

    it('downloads the .xlsx with Korean headers, figures as numbers and the period as dates', async () => {
      const res = await coordinator
        .get('/dashboard/report.xlsx?from=2026-01-01&to=2026-12-31')
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body as ArrayBuffer);
      expect(workbook.worksheets.map((w) => w.name)).to.deep.equal(['요약', '지원 유형별', '분야별', '기관 평가']);
      const summary = workbook.getWorksheet('요약');
      const value = (label: string) => {
        let found: ExcelJS.CellValue = null;
        summary?.eachRow((r) => {
          if (r.getCell(1).value === label) found = r.getCell(2).value;
        });
        return found;
      };
      expect(value('기간 시작')).to.be.instanceOf(Date);
      expect(value('지원 실적')).to.be.a('number').and.to.be.greaterThan(0);
      expect(value('애로 해결 건수')).to.be.a('number');
      const evaluation = workbook.getWorksheet('기관 평가');
      expect(evaluation?.getRow(1).getCell(3).value).to.equal('기관명');
      expect(evaluation?.getRow(2).getCell(5).value).to.be.a('number');
      expect(evaluation?.rowCount).to.equal(38);
    });
  });
});
