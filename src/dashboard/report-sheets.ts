// The performance report as spreadsheet sheets: the summary, supports by type, fields,
// and the institute evaluation. Every figure is a number cell (amounts in won, shares
// as fractions shown as %), the period's days are date cells; headers follow the page's
// language (reportSheets.* keys).
import { translate, type Locale } from '../i18n/i18n';
import type { ColumnFormat, Sheet } from './export';
import { kstMidnight, UNSPECIFIED } from './figures';
import type { PerformanceReport } from './report';

type FormattedSheet = Sheet & { formats: (ColumnFormat | null)[] };

const column = (header: string, width = 14) => ({ header, width });
/** A share as a percentage number (the summary's one value column has no % format). */
const percent = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);

export function reportSheets(report: PerformanceReport, locale: Locale): FormattedSheet[] {
  const t = (key: string) => translate(locale, `reportSheets.${key}`);
  const field = (value: string) =>
    value === UNSPECIFIED ? translate(locale, 'dashboard.unspecified') : translate(locale, `fields.${value}`);
  const total = report.totals;
  const figure = (key: string, value: number | Date | null, unit: string): (string | number | Date | null)[] => [
    t(`summary.${key}`),
    value,
    unit ? t(`units.${unit}`) : null,
  ];
  const summary: FormattedSheet = {
    name: t('summary.sheet'),
    columns: [column(t('summary.item'), 30), column(t('summary.value'), 18), column(t('summary.unit'), 10)],
    formats: [null, null, null],
    rows: [
      figure('from', kstMidnight(report.period.from), ''),
      figure('to', kstMidnight(report.period.to), ''),
      figure('companiesSupported', total.companiesSupported, 'companies'),
      figure('supports', total.supports, 'count'),
      figure('problemsSolved', total.problemsSolved, 'count'),
      figure('technologyTransfers', total.technologyTransfers, 'count'),
      figure('technologyFeesKrw', total.technologyFeesKrw, 'won'),
      figure('salesEffectKrw', total.salesEffectKrw, 'won'),
      figure('costSavingKrw', total.costSavingKrw, 'won'),
      figure('meanMonths', total.meanMonths, 'months'),
      figure('medianMonths', total.medianMonths, 'months'),
      figure('baselineMonths', total.baselineMonths, 'months'),
      figure('targetMonths', total.targetMonths, 'months'),
      figure('withinTarget', percent(total.withinTarget), 'percent'),
      figure('jointShare', percent(total.jointShare), 'percent'),
      figure('satisfactionMean', total.satisfactionMean, 'outOf7'),
      figure('casesSubmitted', total.casesSubmitted, 'count'),
    ],
  };
  const byType: FormattedSheet = {
    name: t('types.sheet'),
    columns: [column(t('types.type'), 18), column(t('types.count')), column(t('types.share'))],
    formats: [null, null, 'share'],
    rows: report.supportsByType.map((s) => [
      translate(locale, `services.${s.type}`),
      s.count,
      total.supports ? s.count / total.supports : null,
    ]),
  };
  const outcomeColumns = [
    column(t('cols.companiesSupported')),
    column(t('cols.supports')),
    column(t('cols.problemsSolved')),
    column(t('cols.technologyTransfers')),
    column(t('cols.technologyFeesKrw'), 16),
    column(t('cols.salesEffectKrw'), 18),
    column(t('cols.costSavingKrw'), 18),
    column(t('cols.medianMonths')),
    column(t('cols.satisfactionMean')),
  ];
  const outcomeFormats: (ColumnFormat | null)[] = [null, null, null, null, 'won', 'won', 'won', 'decimal', 'decimal'];
  type Outcomes = PerformanceReport['byField'][number];
  const outcomeCells = (r: Omit<Outcomes, 'field' | 'jointShare'>) => [
    r.companiesSupported,
    r.supports,
    r.problemsSolved,
    r.technologyTransfers,
    r.technologyFeesKrw,
    r.salesEffectKrw,
    r.costSavingKrw,
    r.medianMonths,
    r.satisfactionMean,
  ];
  const byField: FormattedSheet = {
    name: t('fields.sheet'),
    columns: [column(t('fields.field'), 14), ...outcomeColumns, column(t('cols.jointShare'))],
    formats: [null, ...outcomeFormats, 'share'],
    rows: report.byField.map((f) => [field(f.field), ...outcomeCells(f), f.jointShare]),
  };
  const institutes: FormattedSheet = {
    name: t('institutes.sheet'),
    columns: [
      column(t('institutes.rank'), 8),
      column(t('institutes.code'), 10),
      column(t('institutes.name'), 30),
      column(t('institutes.field'), 12),
      column(t('institutes.score'), 10),
      column(t('institutes.incentive'), 12),
      ...outcomeColumns,
      column(t('institutes.participations')),
    ],
    formats: [null, null, null, null, 'decimal', null, ...outcomeFormats, null],
    rows: report.institutes.map((i) => [
      i.rank,
      i.code,
      i.name,
      field(i.field),
      i.score,
      translate(locale, i.incentive ? 'common.yes' : 'common.no'),
      ...outcomeCells(i),
      i.participations,
    ]),
  };
  return [summary, byType, byField, institutes];
}
