import { localeOf } from '../i18n/middleware';
import { Router } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { validate } from '../core/http/validate';
import { unauthorized } from '../core/errors';
import { unreadCount } from '../notifications/service';
import {
  acceptInvitationSchema,
  changePasswordSchema,
  invitationSchema,
  loginSchema,
  resetRequestSchema,
  resetSchema,
  signupSchema,
  tokenSchema,
} from './schemas';
import { acceptInvitation, authenticate, changePassword, invite, requestPasswordReset, resetPassword } from './service';
import { BAD_CREDENTIALS, logIn, logOut } from './session-login';
import { csrfToken } from '../core/http/csrf';
import { rememberDevice } from './known-devices';
import { confirmSignup, requestSignup, SIGNUP_SENT } from './signup';
import type { AccountLimiters } from './limits';
import { profileOf } from './profile';

export function accountApi(ctx: AppContext, limits: AccountLimiters): Router {
  const api = Router();

  api.post('/auth/login', ...limits.login, async (req, res) => {
    const { email, password } = validate(loginSchema, req.body);
    const actor = await authenticate(email, password);
    if (!actor) throw unauthorized(BAD_CREDENTIALS);
    await logIn(req, actor);
    rememberDevice(req, res, actor.email, ctx.config.sessionSecret);
    res.json({ user: await profileOf(actor, ctx.now()) });
  });

  api.post('/auth/logout', async (req, res) => {
    await logOut(req);
    res.json({ ok: true });
  });

  api.post('/auth/signup', ...limits.signup, async (req, res) => {
    await requestSignup(ctx, validate(signupSchema, req.body), localeOf(res));
    res.status(202).json({ ok: true, message: SIGNUP_SENT });
  });

  api.post('/auth/signup/confirm', ...limits.signupConfirm, async (req, res) => {
    const { token } = validate(tokenSchema, req.body);
    const actor = await confirmSignup(ctx, token);
    await logIn(req, actor);
    res.status(201).json({ user: await profileOf(actor, ctx.now()) });
  });

  api.post('/auth/password', requireUser, async (req, res) => {
    const { currentPassword, newPassword } = validate(changePasswordSchema, req.body);
    // Every other session has ended; this one goes on under the new epoch.
    await logIn(req, await changePassword(actorOf(req), currentPassword, newPassword));
    res.json({ ok: true });
  });

  api.post('/auth/reset-request', ...limits.resetRequest, async (req, res) => {
    const { email } = validate(resetRequestSchema, req.body);
    await requestPasswordReset(ctx, email, localeOf(res));
    res.status(202).json({ ok: true, message: '등록된 이메일이라면 재설정 링크를 보냈습니다.' });
  });

  api.post('/auth/reset', ...limits.resetUse, async (req, res) => {
    const { token, password } = validate(resetSchema, req.body);
    await resetPassword(ctx, token, password);
    res.json({ ok: true });
  });

  api.post('/invitations', requireUser, async (req, res) => {
    await invite(ctx, actorOf(req), validate(invitationSchema, req.body), localeOf(res));
    res.status(202).json({ ok: true });
  });

  api.post('/invitations/accept', async (req, res) => {
    const { token, name, password } = validate(acceptInvitationSchema, req.body);
    const actor = await acceptInvitation(ctx, token, name, password);
    await logIn(req, actor);
    res.status(201).json({ user: await profileOf(actor, ctx.now()) });
  });

  api.get('/me', requireUser, async (req, res) => {
    const actor = actorOf(req);
    res.json({
      user: await profileOf(actor, ctx.now()),
      unreadNotifications: await unreadCount(actor),
      csrfToken: csrfToken(req),
    });
  });

  return api;
}
