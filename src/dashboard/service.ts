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
// the period does, so each is remembered with the months' versions (stamps) it was
// computed from. Readers arriving while it is computed share the one computation. A
// result computed from a month still being rebuilt (served as it was, month-rows.ts)
// is not kept: the next reader computes again, from the rebuilt month.
const REMEMBERED_DASHBOARDS = 64;

type Remembered<T> = Lru<string, Promise<T>>;

async function remembered<T>(memo: Remembered<T>, key: string, period: Period, compute: (rows: CaseRow[]) => T) {
  const stamps = await periodSignature(period);
  const known = memo.get(`${key}|${stamps}`);
  if (known) return known;
  const computing = rowsForPeriod(period).then(({ rows, signature }) => ({
    result: compute(rows),
    current: signature === stamps,
  }));
  const result = computing.then((c) => c.result);
  memo.set(`${key}|${stamps}`, result);
  computing.then(
    (c) => c.current || memo.delete(`${key}|${stamps}`),
    () => memo.delete(`${key}|${stamps}`),
  );
  return result;
}

const dashboards: Remembered<ReturnType<typeof computeDashboard>> = new Lru(REMEMBERED_DASHBOARDS);

export async function dashboard(scope: DashboardScope) {
  const institutes = checkedInstitutes(scope.institute);
  const key = `${scope.period.from}|${scope.period.to}|${scope.institute ?? ''}`;
  return remembered(dashboards, key, scope.period, (rows) => computeDashboard(scope, rows, institutes));
}

/** The rows of the case export: the cases submitted in the period, in scope. */
export async function exportCases(scope: DashboardScope) {
  const institutes = checkedInstitutes(scope.institute);
  const { rows } = await rowsForPeriod(scope.period);
  return { rows: casesInPeriod(rows, scope.period, scope.institute), institutes };
}

// The performance report of a period, remembered like the dashboard.
const reports: Remembered<PerformanceReport> = new Lru(REMEMBERED_DASHBOARDS);

/** The consortium's report for the period (the desk's; the scope's institute does not narrow it). */
export async function performanceReportOf(actor: Actor, period: Period): Promise<PerformanceReport> {
  authorize(actor, 'report:view');
  return remembered(reports, `${period.from}|${period.to}`, period, (rows) =>
    performanceReport(rows, period, instituteRefs()),
  );
}
