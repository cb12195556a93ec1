// What the desk must do about a case in its queue, and how long is left before the
// service level is breached, in business hours (business-hours.ts). Pure.
import type { LocalMessage } from '../i18n/messages';
import { businessHoursBetween } from './business-hours';
import { isOpenStatus } from './list-keys';

export type TodoCase = {
  status: string;
  escalated?: boolean | null;
  offeredTo?: string | null;
  acceptBy?: Date | null;
  dueAt?: Date | null;
  pendingParticipants?: string[] | null;
  declinedParticipants?: string[] | null;
};

/** The desk's next step on an open case, most urgent first; none when the team is simply at work. */
export function deskTodo(c: TodoCase): LocalMessage | undefined {
  if (!isOpenStatus(c.status)) return undefined;
  if (c.status === 'submitted') return { key: c.escalated ? 'todoAssign' : 'todoRoute' };
  if (c.declinedParticipants?.length)
    return { key: 'todoReplaceMember', params: { institutes: c.declinedParticipants.join(', ') } };
  if (c.status === 'routed')
    return { key: c.escalated ? 'todoChaseAccept' : 'todoAwaitAccept', params: { institute: c.offeredTo ?? '-' } };
  if (c.pendingParticipants?.length)
    return { key: 'todoAwaitMembers', params: { institutes: c.pendingParticipants.join(', ') } };
  return undefined;
}

/** The service-level deadline that applies now: acceptance while offered, else the due date. */
const deadlineOf = (c: TodoCase) => (c.status === 'routed' ? c.acceptBy : isOpenStatus(c.status) ? c.dueAt : null);

export type SlaClock = { hours: number; breached: boolean; at: Date };

/** Business hours left before the deadline (negative once breached), or none without a deadline. */
export function slaClock(c: TodoCase, now: Date): SlaClock | undefined {
  const at = deadlineOf(c);
  if (!at) return undefined;
  const hours = Math.round(businessHoursBetween(now, at) * 10) / 10;
  return { hours, breached: at < now, at };
}
