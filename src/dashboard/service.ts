// Reads what the dashboard needs — the rows of the period's months, from summaries kept
// in step with case changes (month-rows.ts) — then the pure functions of figures.ts.
import type { Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { badRequest, forbidden } from '../core/errors';
import { catalogueInstitutes } from '../institutes/catalogue';
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
import { periodSignature, rowsForPeriod } from './month-rows';
import { performanceReport, type PerformanceReport } from './report';
import { Lru } from '../core/lru';
import type { DashboardQuery } from './schemas';

export type DashboardScope = { period: Period; institute?: string; canChooseInstitute: boolean };

export function instituteRefs(): InstituteRef[] {
  return catalogueInstitutes().map((i) => ({ code: i.code, name: i.nameKo, homeField: i.homeField }));
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

function checkedInstitutes(institute: string | undefined): InstituteRef[] {
  const all = instituteRefs();
  if (institute && !all.some((i) => i.code === institute))
    throw badRequest('입력값을 확인해 주세요.', { institute: `알 수 없는 기관 코드: ${institute}` });
  return all;
}

function computeDashboard(scope: DashboardScope, rows: CaseRow[], institutes: InstituteRef[]) {
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

// The figures of a year take ~23,000 rows to compute; they change only when a month of
// the period does, so each is remembered with the months' versions it was computed from.
const REMEMBERED_DASHBOARDS = 64;
const computed = new Map<string, ReturnType<typeof computeDashboard>>();

export async function dashboard(scope: DashboardScope) {
  const institutes = checkedInstitutes(scope.institute);
  const keyAt = (signature: string) => `${scope.period.from}|${scope.period.to}|${scope.institute ?? ''}|${signature}`;
  const known = computed.get(keyAt(await periodSignature(scope.period)));
  if (known) return known;
  const { rows, signature } = await rowsForPeriod(scope.period);
  const result = computeDashboard(scope, rows, institutes);
  if (computed.size >= REMEMBERED_DASHBOARDS) computed.delete(computed.keys().next().value as string);
  computed.set(keyAt(signature), result);
  return result;
}

/** The rows of the case export: the cases submitted in the period, in scope. */
export async function exportCases(scope: DashboardScope) {
  const institutes = checkedInstitutes(scope.institute);
  const { rows } = await rowsForPeriod(scope.period);
  return { rows: casesInPeriod(rows, scope.period, scope.institute), institutes };
}

// The performance report of a period, remembered like the dashboard by its months' versions.
const reports = new Lru<string, PerformanceReport>(REMEMBERED_DASHBOARDS);

/** The consortium's report for the period (the desk's; the scope's institute does not narrow it). */
export async function performanceReportOf(actor: Actor, period: Period): Promise<PerformanceReport> {
  authorize(actor, 'report:view');
  const keyAt = (signature: string) => `${period.from}|${period.to}|${signature}`;
  const known = reports.get(keyAt(await periodSignature(period)));
  if (known) return known;
  const { rows, signature } = await rowsForPeriod(period);
  const report = performanceReport(rows, period, instituteRefs());
  reports.set(keyAt(signature), report);
  return report;
}
