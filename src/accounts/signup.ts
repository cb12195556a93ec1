// Company sign-up, confirmed by mail. The answer to a sign-up never tells whether the
// email already has an account: a new address gets a link that finishes the sign-up,
// a registered one gets a note to its owner (log in, or reset the password), and the
// form answers the same for both. The account is created only from the link, so it is
// also proof that the address is the person's own.
import { DEFAULT_LOCALE, type Locale } from '../i18n/i18n';
import { mailIn } from '../i18n/messages';
import { appUrl, type AppContext } from '../core/context';
import { badRequest } from '../core/errors';
import { Company } from '../companies/model';
import { OneTimeToken, User } from './model';
import { hashPassword, newOneTimeToken } from './passwords';
import type { Actor } from './roles';
import type { SignupInput } from './schemas';
import { consumeToken, toActor } from './service';

const SIGNUP_TTL_MS = 24 * 60 * 60 * 1000;

export const SIGNUP_SENT =
  '입력한 이메일로 안내 메일을 보냈습니다. 메일의 링크를 열어 가입을 마쳐 주세요. (링크는 24시간 동안 쓸 수 있습니다)';

type PendingSignup = Omit<SignupInput, 'password' | 'passwordConfirm' | 'privacyConsent'> & { passwordHash: string };

const businessNumberTaken = () =>
  badRequest('가입할 수 없습니다.', {
    businessNumber: '이미 등록된 사업자등록번호입니다. 회사 담당자에게 초대를 요청해 주세요.',
  });

/** Mails the link that finishes a sign-up, or a note to the owner of a registered address. */
/** `locale`: the language of the sign-up page, which its mails follow. */
export async function requestSignup(
  ctx: AppContext,
  input: SignupInput,
  locale: Locale = DEFAULT_LOCALE,
): Promise<void> {
  if (await User.exists({ email: input.email })) {
    await ctx.mailer.send({
      to: input.email,
      ...mailIn(locale, 'signupExisting', { login: `${appUrl(ctx)}/login`, forgot: `${appUrl(ctx)}/password/forgot` }),
    });
    return;
  }
  // The business number of a registered company is public record (it is printed on invoices), so it is said at once.
  if (await Company.exists({ businessNumber: input.businessNumber })) throw businessNumberTaken();
  const { password, passwordConfirm: _confirm, privacyConsent: _consent, ...rest } = input;
  const pending: PendingSignup = { ...rest, passwordHash: await hashPassword(password) };
  const { token, tokenHash } = newOneTimeToken();
  await OneTimeToken.create({
    kind: 'signup',
    tokenHash,
    email: input.email,
    signup: pending,
    expiresAt: new Date(ctx.now().getTime() + SIGNUP_TTL_MS),
  });
  await ctx.mailer.send({
    to: input.email,
    ...mailIn(locale, 'signup', { company: input.companyName, link: `${appUrl(ctx)}/signup/confirm/${token}` }),
  });
}

/** Creates the company and its first member from a sign-up link; the link works once. */
export async function confirmSignup(ctx: AppContext, token: string): Promise<Actor> {
  const doc = await consumeToken(ctx, 'signup', token);
  const pending = doc.signup as PendingSignup;
  if (await User.exists({ email: pending.email }))
    throw badRequest('이미 가입된 이메일입니다.', { token: '로그인하거나 비밀번호를 재설정해 주세요.' });
  if (await Company.exists({ businessNumber: pending.businessNumber })) throw businessNumberTaken();
  const company = await Company.create({
    name: pending.companyName,
    businessNumber: pending.businessNumber,
    size: pending.size,
    industry: pending.industry,
    region: pending.region,
    // Declared designations are claims until the desk verifies them (no discount before);
    // the certificate follows from the account page.
    claimedDesignations: pending.designations,
    designationClaims: pending.designations.map((name) => ({ name, state: 'claimed', claimedAt: ctx.now() })),
    designationReview: pending.designations.length > 0,
  });
  try {
    const user = await User.create({
      email: pending.email,
      passwordHash: pending.passwordHash,
      name: pending.name,
      role: 'company',
      companyId: company._id,
    });
    return toActor(user.toObject());
  } catch (error) {
    // No transactions on FerretDB: undo the company so a failed sign-up leaves nothing behind.
    await Company.deleteOne({ _id: company._id });
    throw error;
  }
}
