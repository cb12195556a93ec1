// Listing cases. Each list starts from the rows of one or two list keys (list-keys.ts:
// a company's own cases, a scope's open work or one period of it, the desk's queue),
// served from memory while unchanged (list-cache.ts), then filtered, sorted and paged here.
import type { Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { badRequest } from '../core/errors';
import { caseListScope } from '../policy/policy';
import { isOpenStatus, periodOf, type ListScope } from './list-keys';
import { rowsOfKeys } from './list-cache';
import type { CaseRowDoc } from './row-model';
import type { ListQuery } from './schemas';
import { isOverdue } from './view';

export type CasePage = {
  items: CaseRowDoc[];
  total: number;
  page: number;
  pages: number;
  limit: number;
  /** The period the list covers ("open", a month or a day), when it is a period list. */
  period: string | undefined;
};

/** The period a scope's list covers: the one asked for, or its current work by default. */
export function listPeriod(scope: ListScope, asked: string | undefined, now: Date): string {
  const period = asked ?? (scope === 'desk' ? periodOf('desk', now) : 'open');
  if (period === 'open') return period;
  const expectsDay = scope === 'desk';
  if (expectsDay !== (period.length === 10)) {
    const form = expectsDay ? '하루 단위(예: 2026-11-30)' : '월 단위(예: 2026-11)';
    throw badRequest('입력값을 확인해 주세요.', { period: `이 목록의 기간은 ${form}입니다.` });
  }
  return period;
}

const updatedAt = (c: CaseRowDoc) => c.updatedAt?.getTime() ?? 0;
const bySupplyChainThenRecent = (a: CaseRowDoc, b: CaseRowDoc) =>
  Number(b.supplyChainItem) - Number(a.supplyChainItem) || updatedAt(b) - updatedAt(a);

// A held list (list-cache.ts) is a new array after every change, so its sorted order can
// be kept with it: thousands of rows (the desk's open work) are sorted once, not per view.
const sortedHeld = new WeakMap<readonly CaseRowDoc[], CaseRowDoc[]>();

function sorted(rows: readonly CaseRowDoc[]): CaseRowDoc[] {
  const known = sortedHeld.get(rows);
  if (known) return known;
  const order = [...rows].sort(bySupplyChainThenRecent);
  sortedHeld.set(rows, order);
  return order;
}

// The union of two held lists (the desk's overdue tab), kept while both are unchanged:
// every list page counts every tab, so it is asked for on each of the desk's views.
const unionsHeld = new WeakMap<readonly CaseRowDoc[], { other: readonly CaseRowDoc[]; rows: CaseRowDoc[] }>();

function union(sets: (readonly CaseRowDoc[])[]): CaseRowDoc[] {
  const seen = new Set<string>();
  return sets
    .flat()
    .filter((c) => !seen.has(String(c._id)) && seen.add(String(c._id)))
    .sort(bySupplyChainThenRecent);
}

type Lists = Map<string, readonly CaseRowDoc[]>;

/** The rows of the lists, each case once, in list order. */
async function rowsOfAll(keys: string[], lists?: Lists): Promise<CaseRowDoc[]> {
  const known = lists ?? (await rowsOfKeys(keys));
  const sets = keys.map((key) => known.get(key) ?? []);
  const [first, second] = sets;
  if (!first) return [];
  if (sets.length === 1) return sorted(first);
  if (sets.length > 2 || !second) return union(sets);
  const kept = unionsHeld.get(first);
  if (kept?.other === second) return kept.rows;
  const rows = union(sets);
  unionsHeld.set(first, { other: second, rows });
  return rows;
}

/** The bounded set a view of the list starts from, and the period it covers. */
function viewSource(actor: Actor, query: ListQuery, now: Date): { keys: string[]; period?: string } {
  const allowed = caseListScope(actor, query.institute);
  if ('companyId' in allowed) return { keys: [`co:${allowed.companyId}`] };
  const own = `inst:${actor.instituteCode ?? '-'}`;
  switch (query.view) {
    case 'queue':
    case 'intake':
    case 'awaiting':
      return { keys: ['desk:queue'] };
    case 'joint':
      return { keys: ['desk:joint'] };
    case 'escalated':
      return { keys: ['desk:escalated'] };
    case 'overdue':
      return { keys: ['desk:queue', 'desk:due'] };
    case 'mine':
      return { keys: [`eng:${actor.id}:open`] };
    case 'new':
      return { keys: [`${own}:offered`] };
    default: {
      const period = listPeriod(allowed.scope, query.period, now);
      return { keys: [`${allowed.scope}:${period}`], period };
    }
  }
}

function matchesView(actor: Actor, query: ListQuery, now: Date) {
  return (c: CaseRowDoc): boolean => {
    switch (query.view) {
      case 'escalated':
        return c.escalated && isOpenStatus(c.status);
      case 'overdue':
        return isOverdue(c, now);
      case 'intake':
        return c.status === 'submitted';
      case 'awaiting':
        return c.status === 'routed';
      case 'new':
        return (
          (c.status === 'routed' && c.offeredTo === actor.instituteCode) ||
          c.pendingParticipants.includes(actor.instituteCode ?? '-')
        );
      default:
        return true;
    }
  };
}

function matchesQuery(query: ListQuery) {
  const q = query.q?.toLowerCase();
  return (c: CaseRowDoc): boolean =>
    (!query.status || c.status === query.status) &&
    (!query.institute || c.visibleTo.includes(query.institute)) &&
    (!query.field || c.field === query.field) &&
    (!query.region || c.region === query.region) &&
    (!query.supplyChain || c.supplyChainItem) &&
    (!query.designated || c.companyDesignated) &&
    (!q || [c.title, c.number, c.companyName].some((text) => text.toLowerCase().includes(q)));
}

/** The rows of one tab (view) that match the query's search and filters. */
async function rowsOfView(actor: Actor, query: ListQuery, now: Date, lists?: Lists) {
  const { keys, period } = viewSource(actor, query, now);
  const rows = (await rowsOfAll(keys, lists))
    .filter((c) => actor.role === 'company' || c.status !== 'draft')
    .filter(matchesView(actor, query, now))
    .filter(matchesQuery(query));
  return { rows, period };
}

const time = (d: Date | null | undefined) => d?.getTime() ?? Number.POSITIVE_INFINITY;
/** The deadline that matters now: acceptance while offered, else the due date. */
const deadlineOf = (c: CaseRowDoc) => time(c.status === 'routed' ? c.acceptBy : c.dueAt);
const OTHER_ORDERS: Record<Exclude<ListQuery['sort'], 'recent'>, (a: CaseRowDoc, b: CaseRowDoc) => number> = {
  submitted: (a, b) => (b.submittedAt?.getTime() ?? 0) - (a.submittedAt?.getTime() ?? 0),
  due: (a, b) => deadlineOf(a) - deadlineOf(b),
};

function pageOf(listed: CaseRowDoc[], query: ListQuery, period: string | undefined): CasePage {
  // Lists arrive in the default order (held sorted); another order sorts this view's rows only.
  const rows = query.sort === 'recent' ? listed : [...listed].sort(OTHER_ORDERS[query.sort]);
  const start = (query.page - 1) * query.limit;
  return {
    items: rows.slice(start, start + query.limit),
    total: rows.length,
    page: query.page,
    limit: query.limit,
    pages: Math.max(1, Math.ceil(rows.length / query.limit)),
    period,
  };
}

export async function listCases(ctx: AppContext, actor: Actor, query: ListQuery): Promise<CasePage> {
  const { rows, period } = await rowsOfView(actor, query, ctx.now());
  return pageOf(rows, query, period);
}

export type TabbedPage = CasePage & { counts: Record<string, number>; searchedAll: boolean };

/**
 * A list page with its tabs' counts. A search (`q`) looks in every tab, so a case is
 * found whichever tab it sits in; the tab then only narrows the results (`scope=tab`).
 */
export async function listCasesInTabs(
  ctx: AppContext,
  actor: Actor,
  query: ListQuery,
  views: readonly string[],
): Promise<TabbedPage> {
  const now = ctx.now();
  const queries = views.map((view) => ({ ...query, view }) as ListQuery);
  // The tab shown is read fresh; the others, which only give counts, may lag a change by two
  // seconds. A search across all tabs shows their rows, so it reads them all fresh.
  const shown = new Set(viewSource(actor, query, now).keys);
  const others = queries.flatMap((q) => viewSource(actor, q, now).keys).filter((key) => !shown.has(key));
  const lists = await rowsOfKeys([...shown, ...others], query.q ? new Set() : new Set(others));
  const byView = await Promise.all(queries.map((q) => rowsOfView(actor, q, now, lists)));
  const counts = Object.fromEntries(views.map((view, i) => [view, byView[i]?.rows.length ?? 0]));
  const searchedAll = !!query.q && query.scope === 'all';
  if (!searchedAll) {
    const current = byView[views.indexOf(query.view)] ?? (await rowsOfView(actor, query, now));
    return { ...pageOf(current.rows, query, current.period), counts, searchedAll };
  }
  return { ...pageOf(union(byView.map((v) => v.rows)), query, undefined), counts, searchedAll };
}
