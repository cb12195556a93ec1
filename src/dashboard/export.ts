// The case list and the institute table as spreadsheets: .xlsx (exceljs) and CSV in
// UTF-8 with a byte order mark, so that Excel opens the Korean headers correctly.
import ExcelJS from 'exceljs';
import { STATUS_LABELS, type CaseStatus } from '../cases/lifecycle';
import { fieldOf, kstDay, resolutionMonths, type CaseRow, type InstituteRef, type InstituteYearRow } from './figures';

export type Cell = string | number | null;
export type Sheet = { name: string; columns: { header: string; width: number }[]; rows: Cell[][] };

const day = (at: Date | null | undefined) => (at ? kstDay(at) : null);
const yesNo = (flag: boolean) => (flag ? '예' : '아니요');
const rounded = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

export function casesSheet(rows: CaseRow[], institutes: InstituteRef[]): Sheet {
  const homeFields = new Map(institutes.map((i) => [i.code, i.homeField]));
  return {
    name: '과제 목록',
    columns: [
      { header: '과제 번호', width: 12 },
      { header: '제목', width: 40 },
      { header: '기업', width: 20 },
      { header: '상태', width: 10 },
      { header: '분야', width: 12 },
      { header: '산업', width: 12 },
      { header: '주관 기관', width: 10 },
      { header: '참여 기관', width: 16 },
      { header: '융복합 지원', width: 10 },
      { header: '접수일', width: 12 },
      { header: '최초 수락일', width: 12 },
      { header: '해결일', width: 12 },
      { header: '종료일', width: 12 },
      { header: '해결 소요(개월)', width: 14 },
      { header: '기술이전', width: 10 },
      { header: '비용 절감(원)', width: 16 },
      { header: '매출 효과(원)', width: 16 },
      { header: '만족도(1~7)', width: 11 },
    ],
    rows: rows.map((r) => [
      r.number,
      r.title,
      r.companyName,
      STATUS_LABELS[r.status as CaseStatus] ?? r.status,
      fieldOf(r, homeFields),
      r.industry ?? null,
      r.lead ?? null,
      r.participants.join(', ') || null,
      yesNo(r.participants.length > 0),
      day(r.submittedAt),
      day(r.firstAcceptedAt),
      day(r.resolvedAt),
      day(r.closedAt),
      rounded(resolutionMonths(r)),
      r.resolvedAt ? yesNo(r.technologyTransfer === true) : null,
      r.costSavingKrw ?? null,
      r.salesEffectKrw ?? null,
      r.satisfaction ?? null,
    ]),
  };
}

export function institutesSheet(rows: InstituteYearRow[]): Sheet {
  return {
    name: '기관별 실적',
    columns: [
      { header: '기관 코드', width: 10 },
      { header: '기관명', width: 30 },
      { header: '주관 과제(수락)', width: 14 },
      { header: '해결 과제', width: 10 },
      { header: '해결 소요 중앙값(개월)', width: 20 },
      { header: '평균 만족도(1~7)', width: 16 },
      { header: '만족도 응답 수', width: 14 },
      { header: '융복합 참여', width: 12 },
      { header: '거절', width: 8 },
    ],
    rows: rows.map((r) => [
      r.code,
      r.name,
      r.leadCases,
      r.resolved,
      r.medianResolutionMonths,
      r.satisfactionMean,
      r.satisfactionCount,
      r.participations,
      r.declines,
    ]),
  };
}

/** Text a spreadsheet would run as a formula (CSV injection) is kept as text. */
function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(sheet: Sheet): string {
  const lines = [sheet.columns.map((c) => c.header), ...sheet.rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(sheet: Sheet): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '소부장 매칭';
  const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width }));
  worksheet.getRow(1).font = { bold: true };
  for (const row of sheet.rows) worksheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
