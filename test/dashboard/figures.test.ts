import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { casesSheet, institutesSheet, toCsv, toXlsx } from '../../src/dashboard/export';
import {
  MONTH_DAYS,
  casesInPeriod,
  dashboardFigures,
  defaultPeriod,
  fieldOf,
  instituteTable,
  kstDay,
  mean,
  median,
  periodOf,
  type CaseRow,
  type InstituteRef,
} from '../../src/dashboard/figures';

const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string) => new Date(iso);
const plusDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY);

const INSTITUTES: InstituteRef[] = [
  { code: 'AAA', name: '가연구원', homeField: '기초소재' },
  { code: 'BBB', name: '나연구원', homeField: '전자부품' },
  { code: 'CCC', name: '다연구원', homeField: '시스템·장비' },
];

function row(overrides: Partial<CaseRow>): CaseRow {
  return {
    id: overrides.number ?? 'x',
    number: '2025-00001',
    title: '과제',
    companyName: '회사',
    status: 'routed',
    participants: [],
    declines: [],
    ...overrides,
  };
}

describe('dashboard figures (pure)', () => {
  describe('median and mean', () => {
    it('handle odd, even and empty lists', () => {
      expect(median([5, 1, 3])).to.equal(3);
      expect(median([4, 1, 3, 2])).to.equal(2.5);
      expect(median([])).to.equal(null);
      expect(mean([1, 2, 6])).to.equal(3);
      expect(mean([])).to.equal(null);
    });
  });

  describe('periods in Korea time', () => {
    it('start at midnight KST and include the whole last day', () => {
      const p = periodOf('2025-01-01', '2025-01-31');
      expect(p.start.toISOString()).to.equal('2024-12-31T15:00:00.000Z');
      expect(p.end.toISOString()).to.equal('2025-01-31T15:00:00.000Z');
    });

    it('default to this year so far, by the Korean calendar', () => {
      // 2025-12-31 20:00 UTC is already 2026-01-01 in Korea.
      const p = defaultPeriod(at('2025-12-31T20:00:00Z'));
      expect([p.from, p.to]).to.deep.equal(['2026-01-01', '2026-01-01']);
      expect(kstDay(at('2025-06-30T14:59:59Z'))).to.equal('2025-06-30');
      expect(kstDay(at('2025-06-30T15:00:00Z'))).to.equal('2025-07-01');
    });
  });

  describe('dashboardFigures', () => {
    const period = periodOf('2025-01-01', '2025-12-31');
    const t0 = at('2025-03-02T00:00:00Z');
    const rows: CaseRow[] = [
      // Resolved in 1 month, joint, rated 6, technology transfer.
      row({
        number: 'A',
        status: 'closed',
        field: '응용소재',
        industry: '이차전지',
        lead: 'AAA',
        participants: ['BBB'],
        submittedAt: t0,
        firstAcceptedAt: plusDays(t0, 2),
        resolvedAt: plusDays(t0, MONTH_DAYS),
        costSavingKrw: 100,
        salesEffectKrw: 1000,
        technologyTransfer: true,
        satisfaction: 6,
      }),
      // Resolved in 3 months, no field (lead's home field counts), rated 4.
      row({
        number: 'B',
        status: 'resolved',
        industry: '반도체',
        lead: 'BBB',
        submittedAt: t0,
        firstAcceptedAt: plusDays(t0, 4),
        resolvedAt: plusDays(t0, 3 * MONTH_DAYS),
        costSavingKrw: 50,
        satisfaction: 4,
      }),
      // Open, declined by CCC first.
      row({
        number: 'C',
        status: 'routed',
        industry: '이차전지',
        lead: 'AAA',
        submittedAt: plusDays(t0, 10),
        declines: [{ institute: 'CCC', at: plusDays(t0, 11) }],
      }),
      // Submitted last year, resolved this year: counts for resolution only.
      row({
        number: 'D',
        status: 'resolved',
        field: '기초소재',
        lead: 'CCC',
        submittedAt: at('2024-11-01T00:00:00Z'),
        resolvedAt: plusDays(at('2024-11-01T00:00:00Z'), 6 * MONTH_DAYS),
      }),
      // Escalated to the desk: no lead, no field.
      row({ number: 'E', status: 'submitted', submittedAt: plusDays(t0, 20) }),
    ];

    const figures = dashboardFigures(rows, period, INSTITUTES);

    it('counts cases submitted in the period by status, field, industry and institute', () => {
      expect(figures.totals.submitted).to.equal(4);
      const status = Object.fromEntries(figures.byStatus.map((s) => [s.status, s.count]));
      expect(status).to.deep.equal({ submitted: 1, routed: 1, accepted: 0, in_progress: 0, resolved: 1, closed: 1 });
      const fields = Object.fromEntries(figures.byField.map((f) => [f.field, f.count]));
      expect(fields).to.deep.equal({
        기초소재: 1,
        응용소재: 1,
        전자부품: 1,
        '모듈·부품': 0,
        '시스템·장비': 0,
        미지정: 1,
      });
      expect(figures.byIndustry[0]).to.deep.equal({ industry: '이차전지', count: 2 });
      expect(figures.byInstitute).to.deep.equal([
        { code: 'AAA', name: '가연구원', lead: 2, participation: 0 },
        { code: 'BBB', name: '나연구원', lead: 1, participation: 1 },
      ]);
    });

    it('gives the joint share, acceptance and resolution times against the target', () => {
      expect(figures.totals.joint).to.equal(1);
      expect(figures.totals.jointShare).to.equal(0.25);
      expect(figures.acceptanceDays).to.deep.equal({ count: 2, median: 3, mean: 3 });
      // A, B and D resolved in 2025: 1, 3 and 6 months.
      expect(figures.resolution).to.include({ count: 3, median: 3, mean: 3.33, withinTarget: 1 });
      expect(figures.resolution).to.include({ targetMonths: 2.4, baselineMonths: 6 });
    });

    it('sums outcomes and averages satisfaction over cases resolved in the period', () => {
      expect(figures.outcomes).to.deep.equal({
        resolved: 3,
        technologyTransfers: 1,
        costSavingKrw: 150,
        salesEffectKrw: 1000,
      });
      expect(figures.satisfaction.mean).to.equal(5);
      expect(figures.satisfaction.count).to.equal(2);
      expect(figures.satisfaction.distribution.find((d) => d.score === 6)?.count).to.equal(1);
    });

    it('gives an institute only the cases it leads or joins', () => {
      const slice = dashboardFigures(rows, period, INSTITUTES, 'BBB');
      expect(slice.institute).to.equal('BBB');
      expect(slice.totals.submitted).to.equal(2);
      expect(slice.outcomes.resolved).to.equal(2);
    });

    it('builds the yearly institute table with declines made in the period', () => {
      const table = instituteTable(rows, period, INSTITUTES);
      expect(table.find((t) => t.code === 'AAA')).to.deep.include({
        leadCases: 1,
        resolved: 1,
        medianResolutionMonths: 1,
        satisfactionMean: 6,
        participations: 0,
        declines: 0,
      });
      expect(table.find((t) => t.code === 'BBB')).to.deep.include({ leadCases: 1, participations: 1 });
      expect(table.find((t) => t.code === 'CCC')).to.deep.include({
        leadCases: 0,
        resolved: 1,
        medianResolutionMonths: 6,
        declines: 1,
      });
    });

    it('lists the period’s cases newest first and falls back to the lead’s home field', () => {
      expect(casesInPeriod(rows, period).map((r) => r.number)).to.deep.equal(['E', 'C', 'A', 'B']);
      const homeFields = new Map(INSTITUTES.map((i) => [i.code, i.homeField]));
      expect(fieldOf(rows[1]!, homeFields)).to.equal('전자부품');
    });

    it('answers with nulls, not NaN, for an empty period', () => {
      const empty = dashboardFigures([], period, INSTITUTES);
      expect(empty.totals.jointShare).to.equal(null);
      expect(empty.resolution.median).to.equal(null);
      expect(empty.satisfaction.mean).to.equal(null);
    });
  });

  describe('exports', () => {
    const rows = [
      row({
        number: '2025-00007',
        title: '=HYPERLINK("x") 셀, "따옴표"',
        status: 'closed',
        lead: 'AAA',
        participants: ['BBB'],
        submittedAt: at('2025-03-01T16:00:00Z'),
        resolvedAt: at('2025-04-01T00:00:00Z'),
        costSavingKrw: 1200,
        technologyTransfer: true,
        satisfaction: 7,
      }),
    ];

    it('writes CSV in UTF-8 with a BOM, Korean headers, quoting and no formulas', () => {
      const csv = toCsv(casesSheet(rows, INSTITUTES));
      expect(csv.startsWith('\uFEFF과제 번호,제목,기업,상태,분야')).to.equal(true);
      const line = csv.split('\r\n')[1] ?? '';
      expect(line).to.contain(`"'=HYPERLINK(""x"") 셀, ""따옴표"""`);
      expect(line).to.contain('2025-03-02'); // the Korean day of submission
      expect(line).to.contain(',종료,');
      expect(line).to.contain(',있음,'); // joint support
    });

    it('writes an .xlsx workbook that reads back with the same headers and numbers', async () => {
      const table = instituteTable(rows, periodOf('2025-01-01', '2025-12-31'), INSTITUTES);
      const buffer = await toXlsx(institutesSheet(table));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.name).to.equal('기관별 실적');
      expect(sheet.getRow(1).getCell(1).value).to.equal('기관 코드');
      expect(sheet.getRow(2).getCell(1).value).to.equal('AAA');
      expect(sheet.getRow(2).getCell(6).value).to.equal(7);
    });
  });
});
