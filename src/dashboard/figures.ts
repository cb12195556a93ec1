// The dashboard's figures as pure functions of case rows: no database, no clock.
// service.ts reads the rows (only the fields used here) and passes them in.
//
// Which cases count where, for a period [start, end):
// - counts by status, field, industry and institute, the joint share and the time to
//   first acceptance: cases *submitted* in the period;
// - resolution times, outcomes and satisfaction: cases *resolved* in the period;
// - declines: declines made in the period.
import { FIELDS } from '../institutes/catalogue';
import { STATUS_LABELS, type CaseStatus } from '../cases/lifecycle';

export const MONTH_DAYS = 30.44;
export const TARGET_MONTHS = 2.4;
export const BASELINE_MONTHS = 6;
export const UNSPECIFIED = '미지정';

const DAY_MS = 24 * 60 * 60 * 1000;
const KST_OFFSET_MS = 9 * 60 * 60 * 1000;
const REPORTED_STATUSES = ['submitted', 'routed', 'accepted', 'in_progress', 'resolved', 'closed'] as const;
const HANDLED_STATUSES = new Set<string>(['accepted', 'in_progress', 'resolved', 'closed']);

/** A period of whole Korean days, `from` and `to` inclusive; `end` is exclusive. */
export type Period = { from: string; to: string; start: Date; end: Date };

export type CaseRow = {
  id: string;
  number: string;
  companyId?: string;
  title: string;
  companyName: string;
  status: string;
  industry?: string | null;
  field?: string | null;
  lead?: string | null;
  participants: string[];
  declines: { institute?: string | null; at?: Date | null }[];
  /** The supports delivered on the case (cases/supports.ts); rows stored before them have none. */
  supports?: { type: string; institute: string; deliveredAt: Date }[];
  submittedAt?: Date | null;
  firstAcceptedAt?: Date | null;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  costSavingKrw?: number | null;
  salesEffectKrw?: number | null;
  technologyTransfer?: boolean | null;
  technologyFeeKrw?: number | null;
  satisfaction?: number | null;
};

export type InstituteRef = { code: string; name: string; homeField: string };

/** The day (YYYY-MM-DD) a moment falls on in Korea. */
export function kstDay(at: Date): string {
  return new Date(at.getTime() + KST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Midnight in Korea at the start of a YYYY-MM-DD day. */
export function kstMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - KST_OFFSET_MS);
}

export function periodOf(from: string, to: string): Period {
  return { from, to, start: kstMidnight(from), end: new Date(kstMidnight(to).getTime() + DAY_MS) };
}

/** This year so far, in Korea time. */
export function defaultPeriod(now: Date): Period {
  const today = kstDay(now);
  return periodOf(`${today.slice(0, 4)}-01-01`, today);
}

/** A whole calendar year, for the annual evaluation of the institutes. */
export function yearPeriod(year: number): Period {
  return periodOf(`${year}-01-01`, `${year}-12-31`);
}

export const inPeriod = (at: Date | null | undefined, p: Period): boolean => !!at && at >= p.start && at < p.end;

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

export function mean(values: number[]): number | null {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null;
}

const roundOrNull = (value: number | null, digits = 2) => (value === null ? null : round(value, digits));

export const daysBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / DAY_MS;
export const monthsBetween = (from: Date, to: Date) => daysBetween(from, to) / MONTH_DAYS;

/** The case's field: its own, else its lead institute's home field. */
export function fieldOf(row: CaseRow, homeFields: ReadonlyMap<string, string>): string {
  return row.field || (row.lead ? homeFields.get(row.lead) : undefined) || UNSPECIFIED;
}

/** Whether the institute is on the case's team, as lead or participant. */
export const involves = (row: CaseRow, code: string) => row.lead === code || row.participants.includes(code);

/** Months from submission to resolution, for a resolved case. */
export function resolutionMonths(row: CaseRow): number | null {
  return row.submittedAt && row.resolvedAt ? monthsBetween(row.submittedAt, row.resolvedAt) : null;
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function timeStats(values: number[]) {
  return { count: values.length, median: roundOrNull(median(values)), mean: roundOrNull(mean(values)) };
}

export type DashboardFigures = ReturnType<typeof dashboardFigures>;

/**
 * The dashboard for a period. With `institute`, only the cases that institute works on
 * (as lead or participant) count: an institute manager's slice.
 */
export function dashboardFigures(allRows: CaseRow[], period: Period, institutes: InstituteRef[], institute?: string) {
  const rows = institute ? allRows.filter((r) => involves(r, institute)) : allRows;
  const submitted = rows.filter((r) => inPeriod(r.submittedAt, period));
  const resolved = rows.filter((r) => inPeriod(r.resolvedAt, period));
  const homeFields = new Map(institutes.map((i) => [i.code, i.homeField]));
  const names = new Map(institutes.map((i) => [i.code, i.name]));

  const statusCounts = countBy(submitted, (r) => r.status);
  const fieldCounts = countBy(submitted, (r) => fieldOf(r, homeFields));
  const industryCounts = countBy(submitted, (r) => r.industry || UNSPECIFIED);
  const leadCounts = countBy(
    submitted.filter((r) => r.lead),
    (r) => r.lead ?? '',
  );
  const participationCounts = countBy(
    submitted.flatMap((r) => r.participants),
    (code) => code,
  );
  const joint = submitted.filter((r) => r.participants.length > 0).length;

  const acceptanceDays = submitted.flatMap((r) =>
    r.submittedAt && r.firstAcceptedAt ? [daysBetween(r.submittedAt, r.firstAcceptedAt)] : [],
  );
  const months = resolved.flatMap((r) => {
    const m = resolutionMonths(r);
    return m === null ? [] : [m];
  });
  const ratings = resolved.flatMap((r) => (typeof r.satisfaction === 'number' ? [r.satisfaction] : []));
  const resolutionMedian = median(months);

  return {
    period: { from: period.from, to: period.to },
    institute: institute ?? null,
    totals: {
      submitted: submitted.length,
      joint,
      jointShare: submitted.length ? round(joint / submitted.length, 4) : null,
    },
    byStatus: REPORTED_STATUSES.map((status) => ({
      status,
      label: STATUS_LABELS[status as CaseStatus],
      count: statusCounts.get(status) ?? 0,
    })),
    byField: [...FIELDS, UNSPECIFIED]
      .map((field) => ({ field, count: fieldCounts.get(field) ?? 0 }))
      .filter((f) => f.field !== UNSPECIFIED || f.count > 0),
    byIndustry: [...industryCounts]
      .map(([industry, count]) => ({ industry, count }))
      .sort((a, b) => b.count - a.count || a.industry.localeCompare(b.industry, 'ko')),
    byInstitute: [...new Set([...leadCounts.keys(), ...participationCounts.keys()])]
      .map((code) => ({
        code,
        name: names.get(code) ?? code,
        lead: leadCounts.get(code) ?? 0,
        participation: participationCounts.get(code) ?? 0,
      }))
      .sort((a, b) => b.lead - a.lead || b.participation - a.participation || a.code.localeCompare(b.code)),
    acceptanceDays: timeStats(acceptanceDays),
    resolution: {
      ...timeStats(months),
      medianDays: roundOrNull(resolutionMedian === null ? null : resolutionMedian * MONTH_DAYS, 1),
      withinTarget: months.filter((m) => m <= TARGET_MONTHS).length,
      targetMonths: TARGET_MONTHS,
      baselineMonths: BASELINE_MONTHS,
    },
    outcomes: {
      resolved: resolved.length,
      technologyTransfers: resolved.filter((r) => r.technologyTransfer === true).length,
      costSavingKrw: resolved.reduce((sum, r) => sum + (r.costSavingKrw ?? 0), 0),
      salesEffectKrw: resolved.reduce((sum, r) => sum + (r.salesEffectKrw ?? 0), 0),
    },
    satisfaction: {
      count: ratings.length,
      mean: roundOrNull(mean(ratings)),
      distribution: [1, 2, 3, 4, 5, 6, 7].map((score) => ({
        score,
        count: ratings.filter((r) => r === score).length,
      })),
    },
  };
}

export type InstituteYearRow = ReturnType<typeof instituteTable>[number];

/**
 * The per-institute table for the annual evaluation of member institutes. "Handled as
 * lead" counts cases submitted in the period that the institute accepted as lead.
 */
export function instituteTable(rows: CaseRow[], period: Period, institutes: InstituteRef[]) {
  const submitted = rows.filter((r) => inPeriod(r.submittedAt, period));
  return institutes.map((inst) => {
    const resolvedAsLead = rows.filter((r) => r.lead === inst.code && inPeriod(r.resolvedAt, period));
    const months = resolvedAsLead.flatMap((r) => {
      const m = resolutionMonths(r);
      return m === null ? [] : [m];
    });
    const ratings = resolvedAsLead.flatMap((r) => (typeof r.satisfaction === 'number' ? [r.satisfaction] : []));
    return {
      code: inst.code,
      name: inst.name,
      leadCases: submitted.filter((r) => r.lead === inst.code && HANDLED_STATUSES.has(r.status)).length,
      resolved: resolvedAsLead.length,
      medianResolutionMonths: roundOrNull(median(months)),
      satisfactionMean: roundOrNull(mean(ratings)),
      satisfactionCount: ratings.length,
      participations: submitted.filter((r) => r.participants.includes(inst.code)).length,
      declines: rows.reduce(
        (sum, r) => sum + r.declines.filter((d) => d.institute === inst.code && inPeriod(d.at, period)).length,
        0,
      ),
    };
  });
}

/** The cases submitted in the period, newest first, as the export lists them. */
export function casesInPeriod(rows: CaseRow[], period: Period, institute?: string): CaseRow[] {
  return rows
    .filter((r) => inPeriod(r.submittedAt, period) && (!institute || involves(r, institute)))
    .sort((a, b) => (b.submittedAt?.getTime() ?? 0) - (a.submittedAt?.getTime() ?? 0));
}
