// Which lists a case appears in, as keys stored on the case itself (`listKeys`), kept
// in the same write as every change (store.ts). Each list is then one equality query on
// an indexed field that returns a bounded set — the open work of a scope, or what a
// scope received in one period — which the service sorts and pages in memory. That
// shape is served by an index on MongoDB (multikey) and on FerretDB/PostgreSQL (GIN)
// alike, and it never grows with the years of history stored.
//
// Scopes: the company's own cases (drafts too), the desk (everything submitted), each
// institute that may see the case, and the assigned engineer. Periods: the desk's lists are by day (~63 cases a day at the
// consortium's volume; a week is ~450, too many documents to read for one page view on
// the embedded database); an institute's or an engineer's by month (~70 a month for an
// average institute).
import { OPEN_STATUSES, type CaseStatus } from './lifecycle';

const KST_OFFSET_MS = 9 * 3600_000;

/** Raise when the keys below change: existing cases are then re-keyed once (rekey.ts). */
export const LIST_KEYS_VERSION = 7;

export type ListScope = 'desk' | `inst:${string}` | `eng:${string}`;

/** The Korea-time month of a moment, e.g. "2026-11". */
export function monthOf(at: Date): string {
  return new Date(at.getTime() + KST_OFFSET_MS).toISOString().slice(0, 7);
}

/** The Korea-time day of a moment, e.g. "2026-11-30". */
export function dayOf(at: Date): string {
  return new Date(at.getTime() + KST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The period key a scope's history is listed by. */
export function periodOf(scope: ListScope, at: Date): string {
  return scope === 'desk' ? dayOf(at) : monthOf(at);
}

export type KeyedCase = {
  companyId?: unknown;
  status: string;
  offeredTo?: string | null;
  submittedAt?: Date | null;
  resolvedAt?: Date | null;
  declines?: { at?: Date | null }[] | null;
  visibleTo: string[];
  assignedEngineer?: { id: string } | null;
  escalated?: boolean | null;
  dueAt?: Date | null;
  pendingParticipants?: string[];
  declinedParticipants?: string[];
  supports?: { deliveredAt?: Date | null }[] | null;
  members?: { state?: string | null; engineer?: { id?: string | null } | null }[] | null;
};

export const isOpenStatus = (status: string) => OPEN_STATUSES.includes(status as CaseStatus);

export function caseListKeys(c: KeyedCase): string[] {
  const own = c.companyId ? [`co:${String(c.companyId)}`] : [];
  if (c.status === 'draft' || !c.submittedAt) return own;
  const open = isOpenStatus(c.status);
  const scopes: ListScope[] = ['desk', ...c.visibleTo.map((code) => `inst:${code}` as const)];
  // The engineers who do the work: the lead's, and each participant's that accepted its part.
  const engineers = [
    c.assignedEngineer?.id,
    ...(c.members ?? []).map((m) => (m.state === 'accepted' ? m.engineer?.id : undefined)),
  ];
  for (const id of new Set(engineers.filter((e): e is string => !!e))) scopes.push(`eng:${id}`);
  const keys = scopes.flatMap((scope) => {
    const period = `${scope}:${periodOf(scope, c.submittedAt as Date)}`;
    return open ? [period, `${scope}:open`] : [period];
  });
  // An institute's inbox: the cases offered to it, or whose joint team asks it to join, waiting for its answer.
  if (c.status === 'routed' && c.offeredTo) keys.push(`inst:${c.offeredTo}:offered`);
  const pending = open ? (c.pendingParticipants ?? []) : [];
  keys.push(...pending.map((code) => `inst:${code}:offered`));
  // The desk's joint teams still forming: a participant to answer, or a decline to act on.
  if (open && (pending.length || c.declinedParticipants?.length)) keys.push('desk:joint');
  // The desk's queue: submitted and not yet accepted.
  if (c.status === 'submitted' || c.status === 'routed') keys.push('desk:queue');
  if (open && c.escalated) keys.push('desk:escalated');
  if (open && c.dueAt) keys.push('desk:due');
  return [...own, ...keys, ...activityMonths(c).map((month) => `act:${month}`)];
}

/**
 * The months in which a submitted case counts on the dashboard: submitted, resolved,
 * declined or supported then (dashboard/figures.ts, report.ts). The dashboard reads a
 * period month by month.
 */
export function activityMonths(c: KeyedCase): string[] {
  if (c.status === 'draft' || !c.submittedAt) return [];
  const moments = [
    c.submittedAt,
    c.resolvedAt,
    ...(c.declines ?? []).map((d) => d.at),
    ...(c.supports ?? []).map((s) => s.deliveredAt),
  ];
  return [...new Set(moments.filter((at): at is Date => !!at).map(monthOf))];
}

/** The scope's most recent periods, newest first, for a period picker. */
export function recentPeriods(scope: ListScope, now: Date, count = 12): string[] {
  const periods = new Set<string>();
  for (let back = 0; periods.size < count; back++) {
    const at =
      scope === 'desk'
        ? new Date(now.getTime() - back * 86_400_000)
        : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 15));
    periods.add(periodOf(scope, at));
  }
  return [...periods];
}
