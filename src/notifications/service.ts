// In-app notifications (the bell) and the emails that go with the events that
// matter to each role. Notifying is best effort: a failure is logged and never
// undoes the case change that caused it.
import type mongoose from 'mongoose';
import { User } from '../accounts/model';
import type { Actor } from '../accounts/roles';
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

export async function notify(ctx: AppContext, event: CaseEvent, except?: Actor): Promise<void> {
  try {
    const users = await User.find({ $or: event.to.map(filterFor), active: true }, { _id: 1, email: 1 }).lean();
    const recipients = users.filter((u) => String(u._id) !== except?.id);
    if (!recipients.length) return;
    await Notification.insertMany(
      recipients.map((u) => ({
        userId: u._id,
        caseId: event.caseId,
        caseNumber: event.caseNumber,
        kind: event.kind,
        text: event.text,
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

export async function listNotifications(actor: Actor, limit = 20) {
  const [items, unread] = await Promise.all([
    Notification.find({ userId: actor.id }).sort({ createdAt: -1 }).limit(limit).lean(),
    unreadCount(actor),
  ]);
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

export const unreadCount = (actor: Actor) =>
  Notification.countDocuments({ userId: actor.id, readAt: { $exists: false } });

export async function markAllRead(actor: Actor, now: Date): Promise<void> {
  await Notification.updateMany({ userId: actor.id, readAt: { $exists: false } }, { $set: { readAt: now } });
}
