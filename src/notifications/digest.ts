// The daily e-mail digest for users who chose it (accounts: emailPreference "daily"):
// their e-mail-worthy notifications wait with digest "pending" and go out together in
// the morning, Korea time. Each run sends at most one batch; a notification is marked
// sent after its mail went out, so a crash in between sends it again rather than never.
import { User } from '../accounts/model';
import { appUrl, type AppContext } from '../core/context';
import type { Job } from '../core/jobs';
import { asLocale, translate } from '../i18n/i18n';
import { storedText, type LocalMessage } from '../i18n/messages';
import { Notification } from './model';

/** The hour (Korea time) digests go out. */
export const DIGEST_HOUR_KST = 8;
const BATCH = 500;

const koreaHour = (now: Date) => (now.getUTCHours() + 9) % 24;

type Pending = {
  _id: unknown;
  userId: unknown;
  caseId?: unknown;
  caseNumber?: string | null;
  text: string;
  message?: LocalMessage | null;
};

/** Sends the digests now (the job calls it in the digest hour; tests call it directly). */
export async function sendDigests(ctx: AppContext): Promise<number> {
  const pending = (await Notification.find({ digest: 'pending' }).limit(BATCH).lean()) as Pending[];
  const byUser = new Map<string, Pending[]>();
  for (const n of pending) byUser.set(String(n.userId), [...(byUser.get(String(n.userId)) ?? []), n]);
  for (const [userId, items] of byUser) {
    const user = await User.findById(userId, { email: 1, locale: 1, active: 1, emailPreference: 1 }).lean();
    if (user?.active && user.emailPreference === 'daily') {
      const locale = asLocale(user.locale);
      const lines = items.map((n) => {
        const text = storedText(locale, n.message, n.text, 'text');
        return `- ${n.caseNumber ?? ''} ${text}\n  ${appUrl(ctx)}/cases/${String(n.caseId ?? '')}`;
      });
      await ctx.mailer.send({
        to: user.email,
        subject: translate(locale, 'notifications.digestSubject', { count: items.length }),
        text: `${lines.join('\n')}\n\n${translate(locale, 'notifications.digestFooter')} ${appUrl(ctx)}/account\n`,
      });
    }
    await Notification.updateMany({ _id: { $in: items.map((n) => n._id) } }, { $unset: { digest: '' } });
  }
  return pending.length;
}

export const digestJob = (ctx: AppContext): Job => ({
  name: 'daily notification digest',
  everyMs: 10 * 60_000,
  run: () => (koreaHour(ctx.now()) === DIGEST_HOUR_KST ? sendDigests(ctx) : Promise.resolve(0)),
});
