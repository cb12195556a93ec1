// Reads what the dashboard needs: one indexed find over the period with a projection of
// the few fields the figures use, then the pure functions of figures.ts. FerretDB v1 has
// no $lookup and a limited $group, so nothing here relies on the aggregation pipeline.
import type { Actor } from '../accounts/roles';
import { Case } from '../cases/model';
import type { AppContext } from '../core/context';
import { badRequest, forbidden } from '../core/errors';
import { Institute } from '../institutes/model';
import { authorize } from '../policy/policy';
import {
  casesInPeriod,
  dashboardFigures,
  defaultPeriod,
  instituteTable,
  kstDay,
  periodOf,
  type CaseRow,
  type InstituteRef,
  type Period,
} from './figures';
import type { DashboardQuery } from './schemas';

export type DashboardScope = { period: Period; institute?: string; canChooseInstitute: boolean };

const ROW_PROJECTION = {
  number: 1,
  title: 1,
  companyName: 1,
  status: 1,
  industry: 1,
  field: 1,
  lead: 1,
  participants: 1,
  'declines.institute': 1,
  'declines.at': 1,
  submittedAt: 1,
  acceptedAt: 1,
  resolvedAt: 1,
  closedAt: 1,
  'outcome.costSavingKrw': 1,
  'outcome.salesEffectKrw': 1,
  'outcome.technologyTransfer': 1,
  'rating.satisfaction': 1,
  'audit.action': 1,
  'audit.at': 1,
} as const;

/** A case as read from the database: the row's own fields, plus what toRow derives the rest from. */
type StoredRow = Pick<
  CaseRow,
  | 'number'
  | 'title'
  | 'companyName'
  | 'status'
  | 'industry'
  | 'field'
  | 'lead'
  | 'submittedAt'
  | 'resolvedAt'
  | 'closedAt'
> &
  Partial<Pick<CaseRow, 'participants' | 'declines'>> & {
    _id: unknown;
    acceptedAt?: Date | null;
    outcome?: { costSavingKrw?: number | null; salesEffectKrw?: number | null; technologyTransfer?: boolean | null };
    rating?: { satisfaction?: number | null };
    audit?: { action?: string; at?: Date }[];
  };

/** A stored case as a row of the pure figures; the first acceptance comes from the audit trail. */
export function toRow(c: StoredRow): CaseRow {
  return {
    id: String(c._id),
    number: c.number,
    title: c.title,
    companyName: c.companyName,
    status: c.status,
    industry: c.industry,
    field: c.field,
    lead: c.lead,
    participants: c.participants ?? [],
    declines: c.declines ?? [],
    submittedAt: c.submittedAt,
    firstAcceptedAt: c.audit?.find((a) => a.action === 'accept')?.at ?? c.acceptedAt,
    resolvedAt: c.resolvedAt,
    closedAt: c.closedAt,
    costSavingKrw: c.outcome?.costSavingKrw,
    salesEffectKrw: c.outcome?.salesEffectKrw,
    technologyTransfer: c.outcome?.technologyTransfer,
    satisfaction: c.rating?.satisfaction,
  };
}

export async function instituteRefs(): Promise<InstituteRef[]> {
  const found = await Institute.find({}, { _id: 0, code: 1, nameKo: 1, homeField: 1 }).sort({ code: 1 }).lean();
  return found.map((i) => ({ code: i.code, name: i.nameKo, homeField: i.homeField }));
}

/**
 * Who sees what: the desk sees everything (or one institute it picks); an institute
 * manager always sees their own institute's slice. The period defaults to this year.
 */
export function dashboardScope(ctx: AppContext, actor: Actor, query: DashboardQuery): DashboardScope {
  authorize(actor, 'dashboard:view');
  const today = kstDay(ctx.now());
  const from = query.from ?? defaultPeriod(ctx.now()).from;
  const to = query.to ?? (from > today ? from : today);
  if (from > to) throw badRequest('입력값을 확인해 주세요.', { to: '시작일이 종료일보다 늦습니다.' });
  const manager = actor.role === 'institute_manager';
  if (manager && !actor.instituteCode) throw forbidden('소속 기관이 없는 계정입니다.');
  return {
    period: periodOf(from, to),
    institute: manager ? actor.instituteCode : query.institute,
    canChooseInstitute: !manager,
  };
}

/** The cases that touch the period: submitted, resolved or declined in it. */
export async function loadRows(period: Period, institute?: string): Promise<CaseRow[]> {
  const range = { $gte: period.start, $lt: period.end };
  const clauses: Record<string, unknown>[] = [
    { $or: [{ submittedAt: range }, { resolvedAt: range }, { 'declines.at': range }] },
  ];
  if (institute)
    clauses.push({ $or: [{ lead: institute }, { participants: institute }, { 'declines.institute': institute }] });
  const found = await Case.find({ $and: clauses }, ROW_PROJECTION).lean<StoredRow[]>();
  return found.map(toRow);
}

async function checkedInstitutes(institute: string | undefined): Promise<InstituteRef[]> {
  const all = await instituteRefs();
  if (institute && !all.some((i) => i.code === institute))
    throw badRequest('입력값을 확인해 주세요.', { institute: `알 수 없는 기관 코드: ${institute}` });
  return all;
}

export async function dashboard(scope: DashboardScope) {
  const [institutes, rows] = await Promise.all([
    checkedInstitutes(scope.institute),
    loadRows(scope.period, scope.institute),
  ]);
  const table = instituteTable(
    rows,
    scope.period,
    scope.institute ? institutes.filter((i) => i.code === scope.institute) : institutes,
  );
  return {
    figures: dashboardFigures(rows, scope.period, institutes, scope.institute),
    institutes: table,
    instituteList: institutes,
  };
}

/** The rows of the case export: the cases submitted in the period, in scope. */
export async function exportCases(scope: DashboardScope) {
  const [institutes, rows] = await Promise.all([
    checkedInstitutes(scope.institute),
    loadRows(scope.period, scope.institute),
  ]);
  return { rows: casesInPeriod(rows, scope.period, scope.institute), institutes };
}
