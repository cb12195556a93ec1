import { localeOf } from '../i18n/middleware';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { requireCsrfToken, withCsrfToken } from '../core/http/csrf';
import { translate } from '../i18n/i18n';
import { formProblem, safeNext } from '../core/http/forms';
import { validate } from '../core/http/validate';
import { COMPANY_SIZES, DESIGNATIONS, INDUSTRIES, REGIONS } from '../companies/model';
import { Institute, INSTITUTE_STATUSES } from '../institutes/model';
import { instituteSettingsSchema } from '../institutes/params';
import { instituteEngineers, updateInstituteSettings } from '../institutes/service';
import { isAllowed } from '../policy/policy';
import type { AccountLimiters } from './limits';
import { profileOf } from './profile';
import {
  acceptInvitationSchema,
  changePasswordSchema,
  invitationSchema,
  loginSchema,
  resetRequestSchema,
  resetSchema,
  emailPreferenceSchema,
  signupSchema,
  tokenSchema,
} from './schemas';
import {
  acceptInvitation,
  authenticate,
  changePassword,
  invite,
  requestPasswordReset,
  resetPassword,
  setEmailPreference,
} from './service';
import { rememberDevice } from './known-devices';
import { confirmSignup, requestSignup, SIGNUP_SENT } from './signup';
import { BAD_CREDENTIALS, logIn, logOut } from './session-login';
import { claimDesignation } from '../companies/designations';
import { assertUploadAccepted, fileUploadForForm } from '../core/http/uploads';

async function accountPage(now: Date, req: Request, res: Response, extra: Record<string, unknown> = {}) {
  const actor = actorOf(req);
  const manages = actor.instituteCode && isAllowed(actor, 'institute:manage', { instituteCode: actor.instituteCode });
  res.render('accounts/account', {
    titleKey: 'accounts.accountTitle',
    profile: await profileOf(actor, now),
    designationChoices: DESIGNATIONS,
    canInviteEngineer: isAllowed(actor, 'invite:engineer', { instituteCode: actor.instituteCode }),
    canInviteManager: isAllowed(actor, 'invite:manager'),
    institute: manages ? await Institute.findOne({ code: actor.instituteCode }).lean() : null,
    engineers: manages ? await instituteEngineers(actor.instituteCode ?? '') : [],
    institutes: isAllowed(actor, 'invite:manager')
      ? await Institute.find({}, { code: 1, nameKo: 1 }).sort({ code: 1 }).lean()
      : [],
    statuses: INSTITUTE_STATUSES,
    ...extra,
  });
}

export function accountPages(ctx: AppContext, limits: AccountLimiters): Router {
  const pages = Router();
  pages.use(['/login', '/signup', '/password', '/invitations'], withCsrfToken);

  pages.get('/login', (req, res) => {
    if (req.user) return res.redirect(safeNext(req.query.next));
    res.render('accounts/login', { titleKey: 'accounts.login', next: safeNext(req.query.next) });
  });

  pages.post('/login', ...limits.login, async (req, res) => {
    const next = safeNext((req.body as { next?: unknown }).next);
    try {
      const { email, password } = validate(loginSchema, req.body);
      const actor = await authenticate(email, password);
      if (!actor)
        return res
          .status(401)
          .render('accounts/login', { titleKey: 'accounts.login', next, email, error: BAD_CREDENTIALS });
      await logIn(req, actor);
      rememberDevice(req, res, actor.email, ctx.config.sessionSecret);
      res.redirect(next);
    } catch (error) {
      const problem = formProblem(error);
      res.status(problem.status).render('accounts/login', { titleKey: 'accounts.login', next, ...problem });
    }
  });

  pages.post('/logout', async (req, res) => {
    await logOut(req);
    res.redirect('/');
  });

  const signupView = {
    titleKey: 'accounts.signup',
    sizes: COMPANY_SIZES,
    designations: DESIGNATIONS,
    industries: INDUSTRIES,
    regions: REGIONS,
  };
  pages.get('/signup', (_req, res) => res.render('accounts/signup', { ...signupView, values: {} }));
  pages.post('/signup', ...limits.signup, async (req, res) => {
    try {
      await requestSignup(ctx, validate(signupSchema, req.body), localeOf(res));
      res.render('accounts/login', { titleKey: 'accounts.login', next: '/cases', notice: SIGNUP_SENT });
    } catch (error) {
      const problem = formProblem(error);
      res.status(problem.status).render('accounts/signup', {
        ...signupView,
        values: { ...req.body, designations: [req.body.designations ?? []].flat(), password: '', passwordConfirm: '' },
        ...problem,
      });
    }
  });

  pages.get('/password/forgot', (_req, res) => res.render('accounts/forgot', { titleKey: 'accounts.forgotTitle' }));
  pages.post('/password/forgot', ...limits.resetRequest, async (req, res) => {
    try {
      const { email } = validate(resetRequestSchema, req.body);
      await requestPasswordReset(ctx, email, localeOf(res));
      res.render('accounts/forgot', { titleKey: 'accounts.forgotTitle', sent: true });
    } catch (error) {
      res.status(400).render('accounts/forgot', { titleKey: 'accounts.forgotTitle', ...formProblem(error) });
    }
  });

  pages.get('/password/reset/:token', (req, res) =>
    res.render('accounts/reset', { titleKey: 'accounts.resetTitle', token: req.params.token }),
  );
  pages.post('/password/reset/:token', ...limits.resetUse, async (req, res) => {
    try {
      const { token, password } = validate(resetSchema, { token: req.params.token, password: req.body.password });
      await resetPassword(ctx, token, password);
      res.render('accounts/login', {
        titleKey: 'accounts.login',
        next: '/cases',
        notice: '비밀번호를 바꿨습니다. 새 비밀번호로 로그인해 주세요.',
      });
    } catch (error) {
      const problem = formProblem(error);
      res
        .status(problem.status)
        .render('accounts/reset', { titleKey: 'accounts.resetTitle', token: req.params.token, ...problem });
    }
  });

  // The link only shows a button: a GET never creates the account (mail scanners open links).
  pages.get('/signup/confirm/:token', (req, res) =>
    res.render('accounts/signup-confirm', { titleKey: 'accounts.signupConfirmTitle', token: req.params.token }),
  );
  pages.post('/signup/confirm/:token', ...limits.signupConfirm, async (req, res) => {
    try {
      const { token } = validate(tokenSchema, { token: req.params.token });
      await logIn(req, await confirmSignup(ctx, token));
      res.redirect('/cases?welcome=1');
    } catch (error) {
      const problem = formProblem(error);
      res.status(problem.status).render('accounts/signup-confirm', {
        titleKey: 'accounts.signupConfirmTitle',
        token: req.params.token,
        ...problem,
      });
    }
  });

  pages.get('/invitations/:token', (req, res) =>
    res.render('accounts/invitation', { titleKey: 'accounts.invitationTitle', token: req.params.token }),
  );
  pages.post('/invitations/:token', async (req, res) => {
    try {
      const input = validate(acceptInvitationSchema, { ...req.body, token: req.params.token });
      const actor = await acceptInvitation(ctx, input.token, input.name, input.password);
      await logIn(req, actor);
      res.redirect('/cases');
    } catch (error) {
      const problem = formProblem(error);
      res.status(problem.status).render('accounts/invitation', {
        titleKey: 'accounts.invitationTitle',
        token: req.params.token,
        name: req.body.name,
        ...problem,
      });
    }
  });

  pages.get('/account', requireUser, (req, res) => accountPage(ctx.now(), req, res));

  /** An account-page form: on success the page again with a notice, on failure with the problem beside that form. */
  const accountForm = (
    path: string,
    problemSlot: string,
    noticeKey: string,
    apply: (req: Request, res: Response) => Promise<unknown>,
  ) =>
    pages.post(path, requireUser, async (req, res) => {
      try {
        await apply(req, res);
        await accountPage(ctx.now(), req, res, { notice: translate(res.locals.locale, noticeKey) });
      } catch (error) {
        const problem = formProblem(error);
        res.status(problem.status);
        await accountPage(ctx.now(), req, res, { [problemSlot]: problem });
      }
    });

  // A designation claim with its certificate (multipart: the token comes in the query, checked before the body).
  pages.post('/account/designations', requireUser, requireCsrfToken, fileUploadForForm);
  accountForm('/account/designations', 'designationProblem', 'accounts.designationClaimed', async (req, res) => {
    assertUploadAccepted(res);
    await claimDesignation(ctx, actorOf(req), req.body, req.file);
  });

  accountForm('/account/email', 'emailProblem', 'accounts.emailPreferenceSaved', (req) =>
    setEmailPreference(actorOf(req), validate(emailPreferenceSchema, req.body).emailPreference),
  );

  accountForm('/account/password', 'passwordProblem', 'accounts.passwordChanged', async (req) => {
    const { currentPassword, newPassword } = validate(changePasswordSchema, req.body);
    // Every other session has ended; this one goes on under the new epoch.
    await logIn(req, await changePassword(actorOf(req), currentPassword, newPassword));
  });
  accountForm('/account/invitations', 'inviteProblem', 'accounts.invitationSent', (req, res) =>
    invite(ctx, actorOf(req), validate(invitationSchema, req.body), localeOf(res)),
  );
  accountForm('/account/institute', 'instituteProblem', 'accounts.instituteSaved', (req) => {
    const actor = actorOf(req);
    return updateInstituteSettings(actor, actor.instituteCode ?? '', validate(instituteSettingsSchema, req.body));
  });

  return pages;
}
