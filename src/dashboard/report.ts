// The consortium's performance report for a period, in its own figures: companies
// supported, supports by type, problems solved, technology transfers and their fees,
// sales and cost effects, time to solve against 6 → 2.4 months, the joint-support
// share and satisfaction; per field, and per institute with the yearly evaluation
// ranked for incentives (weights in evaluation-weights.json). Pure, like figures.ts.
//
// Which records count for a period: supports delivered in it; problems solved, effects,
// transfers, time to solve and satisfaction of cases resolved in it; the joint share of
// cases submitted in it.
import { FIELDS, seedCatalogue } from '../institutes/catalogue';
import evaluation from './evaluation-weights.json';
import {
  BASELINE_MONTHS,
  fieldOf,
  inPeriod,
  mean,
  median,
  resolutionMonths,
  TARGET_MONTHS,
  UNSPECIFIED,
  type CaseRow,
  type InstituteRef,
  type Period,
} from './figures';

const SUPPORT_TYPES: readonly string[] = seedCatalogue().services;

const round = (value: number | null, digits = 2) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;
const share = (part: number, whole: number) => (whole ? round(part / whole, 4) : null);

type Delivered = { type: string; institute: string; deliveredAt: Date; companyId?: string; row: CaseRow };

// Plain loops below: a year is ~23,000 cases and ~100,000 supports, and one small array
// or object spread per item costs more than the figures themselves.
function deliveredIn(rows: CaseRow[], period: Period): Delivered[] {
  const delivered: Delivered[] = [];
  for (const row of rows)
    for (const s of row.supports ?? [])
      if (inPeriod(s.deliveredAt, period))
        delivered.push({
          type: s.type,
          institute: s.institute,
          deliveredAt: s.deliveredAt,
          companyId: row.companyId,
          row,
        });
  return delivered;
}

/** The items by a key, in one pass (37 institutes × 100,000 supports must not be 37 passes). */
function groupBy<T>(items: T[], keyOf: (item: T) => string | null | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null || key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function distinctCompanies(supports: Delivered[]): number {
  const companies = new Set<string>();
  for (const s of supports) if (s.companyId) companies.add(s.companyId);
  return companies.size;
}

/** The figures of a set of cases and supports (the whole consortium, a field, an institute). */
function outcomesOf(resolved: CaseRow[]) {
  const months: number[] = [];
  const ratings: number[] = [];
  for (const r of resolved) {
    const m = resolutionMonths(r);
    if (m !== null) months.push(m);
    if (typeof r.satisfaction === 'number') ratings.push(r.satisfaction);
  }
  const transfers = resolved.filter((r) => r.technologyTransfer === true);
  return {
    problemsSolved: resolved.length,
    technologyTransfers: transfers.length,
    technologyFeesKrw: transfers.reduce((sum, r) => sum + (r.technologyFeeKrw ?? 0), 0),
    salesEffectKrw: resolved.reduce((sum, r) => sum + (r.salesEffectKrw ?? 0), 0),
    costSavingKrw: resolved.reduce((sum, r) => sum + (r.costSavingKrw ?? 0), 0),
    meanMonths: round(mean(months)),
    medianMonths: round(median(months)),
    withinTarget: share(months.filter((m) => m <= TARGET_MONTHS).length, months.length),
    satisfactionMean: round(mean(ratings)),
    ratings: ratings.length,
  };
}

export type PerformanceReport = ReturnType<typeof performanceReport>;

export function performanceReport(rows: CaseRow[], period: Period, institutes: InstituteRef[]) {
  const supports = deliveredIn(rows, period);
  const resolved = rows.filter((r) => inPeriod(r.resolvedAt, period));
  const submitted = rows.filter((r) => inPeriod(r.submittedAt, period));
  const homeFields = new Map(institutes.map((i) => [i.code, i.homeField]));
  const fieldOfRow = (r: CaseRow) => fieldOf(r, homeFields);
  const joint = (list: CaseRow[]) => share(list.filter((r) => r.participants.length > 0).length, list.length);
  const supportsByField = groupBy(supports, (s) => fieldOfRow(s.row));
  const resolvedByField = groupBy(resolved, fieldOfRow);
  const submittedByField = groupBy(submitted, fieldOfRow);
  const typeCounts = groupBy(supports, (s) => s.type);
  return {
    period: { from: period.from, to: period.to },
    totals: {
      companiesSupported: distinctCompanies(supports),
      supports: supports.length,
      ...outcomesOf(resolved),
      casesSubmitted: submitted.length,
      jointShare: joint(submitted),
      baselineMonths: BASELINE_MONTHS,
      targetMonths: TARGET_MONTHS,
    },
    supportsByType: SUPPORT_TYPES.map((type) => ({ type, count: typeCounts.get(type)?.length ?? 0 })),
    byField: [...FIELDS, UNSPECIFIED]
      .map((field) => {
        const ofField = supportsByField.get(field) ?? [];
        return {
          field,
          companiesSupported: distinctCompanies(ofField),
          supports: ofField.length,
          ...outcomesOf(resolvedByField.get(field) ?? []),
          jointShare: joint(submittedByField.get(field) ?? []),
        };
      })
      .filter((f) => f.field !== UNSPECIFIED || f.supports > 0 || f.problemsSolved > 0),
    institutes: instituteEvaluation(supports, resolved, institutes),
  };
}

/** Each institute's figures, scored and ranked for the yearly evaluation. */
function instituteEvaluation(supports: Delivered[], resolved: CaseRow[], institutes: InstituteRef[]) {
  const supportsOf = groupBy(supports, (s) => s.institute);
  const ledBy = groupBy(resolved, (r) => r.lead);
  const joinedBy = groupBy(
    resolved.flatMap((r) => r.participants.map((code) => ({ code }))),
    (p) => p.code,
  );
  const rows = institutes.map((inst) => {
    const own = supportsOf.get(inst.code) ?? [];
    const led = ledBy.get(inst.code) ?? [];
    return {
      code: inst.code,
      name: inst.name,
      field: inst.homeField,
      companiesSupported: distinctCompanies(own),
      supports: own.length,
      participations: joinedBy.get(inst.code)?.length ?? 0,
      ...outcomesOf(led),
    };
  });
  const best = (pick: (r: (typeof rows)[number]) => number) => Math.max(0, ...rows.map(pick));
  const most = { supports: best((r) => r.supports), solved: best((r) => r.problemsSolved) };
  const { weights, incentiveShare } = evaluation;
  const scored = rows.map((r) => {
    const parts = {
      supports: most.supports ? r.supports / most.supports : 0,
      solved: most.solved ? r.problemsSolved / most.solved : 0,
      satisfaction: r.satisfactionMean === null ? 0 : r.satisfactionMean / 7,
      speed: r.medianMonths === null ? 0 : Math.min(1, TARGET_MONTHS / Math.max(r.medianMonths, 0.01)),
    };
    const score =
      weights.supports * parts.supports +
      weights.solved * parts.solved +
      weights.satisfaction * parts.satisfaction +
      weights.speed * parts.speed;
    return { ...r, score: Math.round(score * 1000) / 10 };
  });
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
  const awarded = Math.ceil(ranked.length * incentiveShare);
  return ranked.map((r, i) => ({ ...r, rank: i + 1, incentive: i < awarded && r.score > 0 }));
}
