import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { badRequest, conflict, notFound } from '../core/errors';
import { appUrl, type AppContext } from '../core/context';
import { Institute } from '../institutes/model';
import { authorize } from '../policy/policy';
import { OneTimeToken, User, type EmailPreference, type UserDoc } from './model';
import { hashPassword, hashToken, newOneTimeToken, verifyPassword } from './passwords';
import type { Actor } from './roles';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/i18n';
import { mailIn } from '../i18n/messages';
import { announceSessionsEnded } from './session-events';

const RESET_TTL_MS = 60 * 60 * 1000;
const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
// Compared against when the email is unknown, so a login takes as long either way.
const DUMMY_HASH = '$2b$10$E275T2ItnmDOoLZYjG2B5.k8LeyaRNxIvXWRwcjt1kB2pdrIvcuHG';

export function toActor(user: UserDoc): Actor {
  return {
    id: String(user._id),
    email: user.email,
    name: user.name,
    role: user.role,
    ...(user.companyId ? { companyId: String(user.companyId) } : {}),
    ...(user.instituteCode ? { instituteCode: user.instituteCode } : {}),
    ...(user.locale ? { locale: user.locale } : {}),
    ...(user.sessionEpoch ? { sessionEpoch: user.sessionEpoch } : {}),
  };
}

export async function findActor(id: string): Promise<Actor | undefined> {
  if (!mongoose.isValidObjectId(id)) return undefined;
  const user = await User.findOne({ _id: id, active: true }).lean<UserDoc>();
  return user ? toActor(user) : undefined;
}

/** The actor of a session, if the session was started under the account's current epoch. */
export async function findSessionActor(id: string, epoch: string | undefined): Promise<Actor | undefined> {
  const actor = await findActor(id);
  return actor && actor.sessionEpoch === epoch ? actor : undefined;
}

/** The user for these credentials, or undefined: the caller cannot tell which part was wrong. */
export async function authenticate(email: string, password: string): Promise<Actor | undefined> {
  const user = await User.findOne({ email: email.toLowerCase(), active: true }).lean<UserDoc>();
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return user && ok ? toActor(user) : undefined;
}

/** Sets a new password and a new session epoch: every session of the account ends. */
async function replacePassword(userId: unknown, password: string): Promise<UserDoc> {
  const set = { passwordHash: await hashPassword(password), sessionEpoch: randomUUID() };
  const user = await User.findOneAndUpdate({ _id: userId }, { $set: set }, { returnDocument: 'after' }).lean<UserDoc>();
  if (!user) throw notFound('계정을 찾을 수 없습니다.');
  announceSessionsEnded({ userId: String(user._id) });
  return user;
}

/** Changes the password; returns the actor to start the caller's new session with. */
export async function changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<Actor> {
  const user = await User.findById(actor.id).lean<UserDoc>();
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
    throw badRequest('비밀번호를 바꿀 수 없습니다.', { currentPassword: '현재 비밀번호가 맞지 않습니다.' });
  }
  return toActor(await replacePassword(user._id, newPassword));
}

/** Sends a reset link when the email is registered; answers the same either way. */
/** Mails a reset link, in the user's saved language, else the language of the page that asked. */
export async function requestPasswordReset(
  ctx: AppContext,
  email: string,
  asked: Locale = DEFAULT_LOCALE,
): Promise<void> {
  const user = await User.findOne({ email, active: true }).lean<UserDoc>();
  if (!user) return;
  const { token, tokenHash } = newOneTimeToken();
  await OneTimeToken.create({
    kind: 'reset',
    tokenHash,
    email,
    userId: user._id,
    sessionEpoch: user.sessionEpoch,
    expiresAt: new Date(ctx.now().getTime() + RESET_TTL_MS),
  });
  const locale = isLocale(user.locale) ? user.locale : asked;
  await ctx.mailer.send({ to: email, ...mailIn(locale, 'reset', { link: `${appUrl(ctx)}/password/reset/${token}` }) });
}

const expiredLink = () =>
  badRequest('링크가 만료되었거나 이미 사용되었습니다. 새 링크를 요청해 주세요.', {
    token: '유효하지 않은 링크입니다.',
  });

export async function consumeToken(ctx: AppContext, kind: 'reset' | 'invitation' | 'signup', token: string) {
  // Marking the token used in the same update that finds it makes a token single-use under concurrency.
  const doc = await OneTimeToken.findOneAndUpdate(
    { kind, tokenHash: hashToken(token), usedAt: { $exists: false }, expiresAt: { $gt: ctx.now() } },
    { $set: { usedAt: ctx.now() } },
    { returnDocument: 'after' },
  ).lean();
  if (!doc) throw expiredLink();
  return doc;
}

/** Sets the password from a reset link. Links sent before the last change or reset no longer work. */
export async function resetPassword(ctx: AppContext, token: string, password: string): Promise<void> {
  const doc = await consumeToken(ctx, 'reset', token);
  const user = await User.findOne({ _id: doc.userId, active: true }, { sessionEpoch: 1 }).lean();
  if (!user || user.sessionEpoch !== doc.sessionEpoch) throw expiredLink();
  await replacePassword(user._id, password);
}

export async function invite(
  ctx: AppContext,
  actor: Actor,
  input: { email: string; role: 'engineer' | 'institute_manager'; instituteCode?: string },
  /** The invitation mail's language: the inviter's page's. */
  locale: Locale = DEFAULT_LOCALE,
): Promise<void> {
  const instituteCode = input.role === 'engineer' ? (input.instituteCode ?? actor.instituteCode) : input.instituteCode;
  authorize(actor, input.role === 'engineer' ? 'invite:engineer' : 'invite:manager', { instituteCode });
  if (!instituteCode || !(await Institute.exists({ code: instituteCode }))) {
    throw badRequest('초대할 수 없습니다.', { instituteCode: '기관을 선택해 주세요.' });
  }
  if (await User.exists({ email: input.email })) {
    throw conflict('이미 계정이 있는 이메일입니다.');
  }
  const { token, tokenHash } = newOneTimeToken();
  await OneTimeToken.create({
    kind: 'invitation',
    tokenHash,
    email: input.email,
    role: input.role,
    instituteCode,
    invitedBy: actor.id,
    expiresAt: new Date(ctx.now().getTime() + INVITATION_TTL_MS),
  });
  await ctx.mailer.send({
    to: input.email,
    ...mailIn(locale, 'invitation', {
      inviter: actor.name,
      institute: instituteCode ?? '',
      link: `${appUrl(ctx)}/invitations/${token}`,
    }),
  });
}

export async function acceptInvitation(ctx: AppContext, token: string, name: string, password: string): Promise<Actor> {
  const passwordHash = await hashPassword(password);
  const doc = await consumeToken(ctx, 'invitation', token);
  if (await User.exists({ email: doc.email })) throw conflict('이미 계정이 있는 이메일입니다. 로그인해 주세요.');
  const user = await User.create({
    email: doc.email,
    passwordHash,
    name,
    role: doc.role ?? 'engineer',
    instituteCode: doc.instituteCode,
  });
  return toActor(user.toObject());
}

/** How the user wants notification e-mail: at once, as a daily digest, or not at all. */
export async function setEmailPreference(actor: Actor, emailPreference: EmailPreference): Promise<void> {
  await User.updateOne({ _id: actor.id }, { $set: { emailPreference } });
}
