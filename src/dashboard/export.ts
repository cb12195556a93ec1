// The case list and the institute table as spreadsheets: .xlsx (exceljs) and CSV in
// UTF-8 with a byte order mark, so that Excel opens the Korean headers correctly. Column
// names and labels follow the language of the page that asked (exportSheets.* keys).
import ExcelJS from 'exceljs';
import { STATUS_LABELS } from '../cases/lifecycle';
import { DEFAULT_LOCALE, translate, type Locale } from '../i18n/i18n';
import { industryName } from '../institutes/words';
import { fieldOf, kstDay, resolutionMonths, type CaseRow, type InstituteRef, type InstituteYearRow } from './figures';

export type Cell = string | number | Date | null;
export type Sheet = { name: string; columns: { header: string; width: number }[]; rows: Cell[][] };

const day = (at: Date | null | undefined) => (at ? kstDay(at) : null);
/** A translator for one export's language: column names, statuses, fields and yes/no. */
const translatorOf = (locale: Locale) => (key: string) => translate(locale, `exportSheets.${key}`);
const rounded = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

export function casesSheet(rows: CaseRow[], institutes: InstituteRef[], locale: Locale = DEFAULT_LOCALE): Sheet {
  const homeFields = new Map(institutes.map((i) => [i.code, i.homeField]));
  const t = translatorOf(locale);
  const yesNo = (flag: boolean) => translate(locale, flag ? 'common.yes' : 'common.no');
  const field = (r: CaseRow) => {
    const value = fieldOf(r, homeFields);
    return value ? translate(locale, `fields.${value}`, { defaultValue: value }) : value;
  };
  return {
    name: t('cases.sheet'),
    columns: [
      { header: t('cases.number'), width: 12 },
      { header: t('cases.title'), width: 40 },
      { header: t('cases.company'), width: 20 },
      { header: t('cases.status'), width: 10 },
      { header: t('cases.field'), width: 12 },
      { header: t('cases.industry'), width: 12 },
      { header: t('cases.lead'), width: 10 },
      { header: t('cases.participants'), width: 16 },
      { header: t('cases.joint'), width: 10 },
      { header: t('cases.submitted'), width: 12 },
      { header: t('cases.accepted'), width: 12 },
      { header: t('cases.resolved'), width: 12 },
      { header: t('cases.closed'), width: 12 },
      { header: t('cases.months'), width: 14 },
      { header: t('cases.transfer'), width: 10 },
      { header: t('cases.saving'), width: 16 },
      { header: t('cases.sales'), width: 16 },
      { header: t('cases.satisfaction'), width: 11 },
    ],
    rows: rows.map((r) => [
      r.number,
      r.title,
      r.companyName,
      r.status in STATUS_LABELS ? translate(locale, `status.${r.status}`) : r.status,
      field(r),
      r.industry ? industryName(r.industry, locale) : null,
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

export function institutesSheet(rows: InstituteYearRow[], locale: Locale = DEFAULT_LOCALE): Sheet {
  const t = translatorOf(locale);
  return {
    name: t('institutes.sheet'),
    columns: [
      { header: t('institutes.code'), width: 10 },
      { header: t('institutes.name'), width: 30 },
      { header: t('institutes.leadCases'), width: 14 },
      { header: t('institutes.resolved'), width: 10 },
      { header: t('institutes.medianMonths'), width: 20 },
      { header: t('institutes.satisfaction'), width: 16 },
      { header: t('institutes.ratings'), width: 14 },
      { header: t('institutes.participations'), width: 12 },
      { header: t('institutes.declines'), width: 8 },
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
  if (value instanceof Date) return kstDay(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(sheet: Sheet): string {
  const lines = [sheet.columns.map((c) => c.header), ...sheet.rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Number formats by cell: won amounts and shares read as Excel shows them; dates as days. */
const FORMATS = { won: '#,##0', share: '0.0%', decimal: '0.00', day: 'yyyy-mm-dd' } as const;
export type ColumnFormat = keyof typeof FORMATS;

export function toXlsx(sheet: Sheet): Promise<Buffer> {
  return toWorkbook([sheet]);
}

/** Sheets as one .xlsx: numbers stay numbers and dates dates (the column's format shows them). */
export async function toWorkbook(sheets: (Sheet & { formats?: (ColumnFormat | null)[] })[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '소부장 매칭';
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.columns = sheet.columns.map((c, i) => {
      const format = sheet.formats?.[i];
      return { header: c.header, width: c.width, ...(format ? { style: { numFmt: FORMATS[format] } } : {}) };
    });
    worksheet.getRow(1).font = { bold: true };
    for (const row of sheet.rows) {
      const added = worksheet.addRow(row);
      // A date in any column is a real date cell, shown as a day.
      row.forEach((value, i) => {
        if (value instanceof Date) added.getCell(i + 1).numFmt = FORMATS.day;
      });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
