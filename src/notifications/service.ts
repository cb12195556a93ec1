// In-app notifications (the bell) and the emails that go with the events that
// matter to each role. Notifying is best effort: a failure is logged and never
// undoes the case change that caused it.
import type mongoose from 'mongoose';
import { User } from '../accounts/model';
import type { Actor } from '../accounts/roles';
import { monthOf } from '../cases/list-keys';
import { appUrl, type AppContext } from '../core/context';
import { Notification } from './model';

export type Audience = { company: string } | { institute: string } | { desk: true } | { user: string };

export type CaseEvent = {
  caseId: mongoose.Types.ObjectId | string;
  caseNumber: string;
  kind: string;
  text: string;
  to: Audience[];
  email?: boolean;
};

function filterFor(audience: Audience): Record<string, unknown> {
  if ('company' in audience) return { companyId: audience.company };
  if ('institute' in audience) return { instituteCode: audience.institute };
  if ('desk' in audience) return { role: 'coordinator' };
  return { _id: audience.user };
}

/** The month's notifications of a user: what the bell reads, bounded by a month. */
const boxOf = (userId: string, at: Date) => `${userId}:${monthOf(at)}`;

/** One equality query per audience (an `$or` would scan every user on the embedded database). */
async function recipientsOf(event: CaseEvent, except?: Actor) {
  const found = await Promise.all(
    event.to.map((audience) => User.find({ ...filterFor(audience), active: true }, { _id: 1, email: 1 }).lean()),
  );
  const unique = new Map(found.flat().map((u) => [String(u._id), u]));
  if (except) unique.delete(except.id);
  return [...unique.values()];
}

export async function notify(ctx: AppContext, event: CaseEvent, except?: Actor): Promise<void> {
  try {
    const recipients = await recipientsOf(event, except);
    if (!recipients.length) return;
    const now = ctx.now();
    await Notification.insertMany(
      recipients.map((u) => ({
        userId: u._id,
        caseId: event.caseId,
        caseNumber: event.caseNumber,
        kind: event.kind,
        text: event.text,
        box: boxOf(String(u._id), now),
        unreadFor: String(u._id),
        createdAt: now,
      })),
    );
    if (event.email) {
      const link = `${appUrl(ctx)}/cases/${String(event.caseId)}`;
      await Promise.all(
        recipients.map((u) =>
          ctx.mailer.send({
            to: u.email,
            subject: `[소부장 매칭] ${event.caseNumber} ${event.text}`,
            text: `${event.text}\n\n${link}\n`,
          }),
        ),
      );
    }
  } catch (error) {
    ctx.log.warn({ err: error, kind: event.kind }, 'notification failed');
  }
}

type StoredNotification = Awaited<ReturnType<typeof monthOfNotifications>>[number];

const monthOfNotifications = (box: string) => Notification.find({ box }).lean();

/** The newest notifications: this month's, then last month's when this one has too few. */
async function newestNotifications(actor: Actor, now: Date, limit: number): Promise<StoredNotification[]> {
  const newestFirst = (list: StoredNotification[]) =>
    list.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const thisMonth = newestFirst(await monthOfNotifications(boxOf(actor.id, now)));
  if (thisMonth.length >= limit) return thisMonth.slice(0, limit);
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
  const earlier = newestFirst(await monthOfNotifications(boxOf(actor.id, lastMonth)));
  return [...thisMonth, ...earlier].slice(0, limit);
}

export async function listNotifications(actor: Actor, now: Date, limit = 20) {
  const [items, unread] = await Promise.all([newestNotifications(actor, now, limit), unreadCount(actor)]);
  return {
    unread,
    items: items.map((n) => ({
      id: String(n._id),
      caseId: n.caseId ? String(n.caseId) : undefined,
      caseNumber: n.caseNumber,
      kind: n.kind,
      text: n.text,
      createdAt: n.createdAt,
      read: !!n.readAt,
    })),
  };
}

/** Unread notifications are counted up to this many; the bell then shows "99+". */
export const UNREAD_COUNTED_MAX = 100;

/**
 * How many notifications the actor has not read, up to UNREAD_COUNTED_MAX. A desk that
 * leaves escalations unread could otherwise hold thousands, and every page shows the
 * count: the embedded database would read each of them to count it.
 */
export async function unreadCount(actor: Actor): Promise<number> {
  const unread = await Notification.find({ unreadFor: actor.id }, { _id: 1 }).limit(UNREAD_COUNTED_MAX).lean();
  return unread.length;
}

export async function markAllRead(actor: Actor, now: Date): Promise<void> {
  await Notification.updateMany({ unreadFor: actor.id }, { $set: { readAt: now }, $unset: { unreadFor: '' } });
}
