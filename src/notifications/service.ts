// In-app notifications (the bell) and the emails that go with the events that
// matter to each role. Notifying is best effort: a failure is logged and never
// undoes the case change that caused it.
import mongoose from 'mongoose';
import { User } from '../accounts/model';
import type { Actor } from '../accounts/roles';
import { monthOf } from '../cases/list-keys';
import { appUrl, type AppContext } from '../core/context';
import { asLocale, type Locale } from '../i18n/i18n';
import { renderMessage, storedText, type LocalMessage, type MessageFormat } from '../i18n/messages';
import { Notification } from './model';

export type Audience = { company: string } | { institute: string } | { desk: true } | { user: string };

export type CaseEvent = {
  caseId: mongoose.Types.ObjectId | string;
  caseNumber: string;
  kind: string;
  message: LocalMessage;
  to: Audience[];
  email?: boolean;
};

/** The people working on a case: its company and the institutes of its team. */
export function caseMembers(access: { companyId: string; lead?: string | null; participants: string[] }): Audience[] {
  const institutes = [access.lead, ...access.participants].filter((code): code is string => !!code);
  return [{ company: access.companyId }, ...institutes.map((institute) => ({ institute }))];
}

function filterFor(audience: Audience): Record<string, unknown> {
  if ('company' in audience) return { companyId: audience.company };
  if ('institute' in audience) return { instituteCode: audience.institute };
  if ('desk' in audience) return { role: 'coordinator' };
  return { _id: audience.user };
}

/** The month's notifications of a user: what the bell reads, bounded by a month. */
const boxOf = (userId: string, at: Date) => `${userId}:${monthOf(at)}`;

/** One equality query per audience (an `$or` would scan every user on the embedded database). */
/** Who wrote what a notification is about: they are not notified of it. */
type Authors = { id: string } | readonly { id: string }[];

async function recipientsOf(event: CaseEvent, except?: Authors) {
  const found = await Promise.all(
    event.to.map((audience) =>
      User.find({ ...filterFor(audience), active: true }, { _id: 1, email: 1, locale: 1, emailPreference: 1 }).lean(),
    ),
  );
  const unique = new Map(found.flat().map((u) => [String(u._id), u]));
  for (const author of [except ?? []].flat()) unique.delete(author.id);
  return [...unique.values()];
}

type AddedListener = (userIds: string[]) => void;
const addedListeners = new Map<string, AddedListener>();

/** Called with the users who just got notifications (the live bell, chat/bell.ts). */
export function onNotificationsAdded(name: string, listener: AddedListener): void {
  addedListeners.set(name, listener);
}

export async function notify(ctx: AppContext, event: CaseEvent, except?: Authors): Promise<void> {
  try {
    const recipients = await recipientsOf(event, except);
    if (!recipients.length) return;
    const now = ctx.now();
    const wantsMail = (u: (typeof recipients)[number]) => !!event.email && (u.emailPreference ?? 'immediate');
    await Notification.insertMany(
      recipients.map((u) => ({
        ...(wantsMail(u) === 'daily' ? { digest: 'pending' } : {}),
        userId: u._id,
        caseId: event.caseId,
        caseNumber: event.caseNumber,
        kind: event.kind,
        text: renderMessage('ko', event.message),
        message: event.message,
        box: boxOf(String(u._id), now),
        unreadFor: String(u._id),
        createdAt: now,
      })),
    );
    const userIds = recipients.map((u) => String(u._id));
    for (const listener of addedListeners.values()) listener(userIds);
    if (event.email) {
      const link = `${appUrl(ctx)}/cases/${String(event.caseId)}`;
      await Promise.all(
        recipients
          .filter((u) => wantsMail(u) === 'immediate')
          .map((u) => {
            const text = renderMessage(asLocale(u.locale), event.message);
            return ctx.mailer.send({
              to: u.email,
              subject: `[소부장 매칭] ${event.caseNumber} ${text}`,
              text: `${text}\n\n${link}\n`,
            });
          }),
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

/** The case title a notification names, when its message carries one. */
function caseTitleOf(n: StoredNotification): string | undefined {
  const title = (n.message?.params as LocalMessage['params'] | undefined)?.title;
  return typeof title === 'string' ? title : undefined;
}

export async function listNotifications(
  actor: Actor,
  now: Date,
  locale: Locale,
  limit = 20,
  format: MessageFormat = 'text',
) {
  const [items, unread] = await Promise.all([newestNotifications(actor, now, limit), unreadCount(actor)]);
  return {
    unread,
    items: items.map((n) => ({
      id: String(n._id),
      caseId: n.caseId ? String(n.caseId) : undefined,
      caseNumber: n.caseNumber,
      caseTitle: caseTitleOf(n),
      kind: n.kind,
      text: storedText(locale, n.message, n.text, format) ?? '',
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
export async function unreadCount(actor: Pick<Actor, 'id'>): Promise<number> {
  const unread = await Notification.find({ unreadFor: actor.id }, { _id: 1 }).limit(UNREAD_COUNTED_MAX).lean();
  return unread.length;
}

/** Marks one of the actor's notifications read; answers the case it is about. */
export async function openNotification(actor: Actor, id: string, now: Date): Promise<string | undefined> {
  if (!mongoose.isValidObjectId(id)) return undefined;
  const found = await Notification.findOneAndUpdate(
    { _id: id, userId: actor.id },
    { $set: { readAt: now }, $unset: { unreadFor: '' } },
    { projection: { caseId: 1 } },
  ).lean();
  return found?.caseId ? String(found.caseId) : undefined;
}

export async function markAllRead(actor: Actor, now: Date): Promise<void> {
  await Notification.updateMany({ unreadFor: actor.id }, { $set: { readAt: now }, $unset: { unreadFor: '' } });
}
