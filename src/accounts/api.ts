import { Router } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { attemptLimits } from '../core/http/rate-limit';
import { validate } from '../core/http/validate';
import { unauthorized } from '../core/errors';
import { Company, hasEquipmentDiscount } from '../companies/model';
import { unreadCount } from '../notifications/service';
import {
  acceptInvitationSchema,
  changePasswordSchema,
  invitationSchema,
  loginSchema,
  resetRequestSchema,
  resetSchema,
  signupSchema,
} from './schemas';
import {
  acceptInvitation,
  authenticate,
  changePassword,
  invite,
  requestPasswordReset,
  resetPassword,
  signUpCompany,
} from './service';
import { BAD_CREDENTIALS, logIn, logOut } from './session-login';
import { ROLE_LABELS, type Actor } from './roles';
import { csrfToken } from '../core/http/csrf';

export const LOGIN_LIMITS = { windowMinutes: 15, perAddress: 30, perAccount: 10 };
export const RESET_LIMITS = { windowMinutes: 60, perAddress: 10, perAccount: 5 };

export async function profileOf(actor: Actor) {
  const company = actor.companyId ? await Company.findById(actor.companyId).lean() : null;
  return {
    ...actor,
    roleLabel: ROLE_LABELS[actor.role],
    company: company
      ? {
          id: String(company._id),
          name: company.name,
          designations: company.designations,
          equipmentDiscount: hasEquipmentDiscount(company),
        }
      : null,
  };
}

export function accountApi(ctx: AppContext): Router {
  const api = Router();

  api.post('/auth/login', ...attemptLimits('login', LOGIN_LIMITS), async (req, res) => {
    const { email, password } = validate(loginSchema, req.body);
    const actor = await authenticate(email, password);
    if (!actor) throw unauthorized(BAD_CREDENTIALS);
    await logIn(req, actor);
    res.json({ user: await profileOf(actor) });
  });

  api.post('/auth/logout', async (req, res) => {
    await logOut(req);
    res.json({ ok: true });
  });

  api.post('/auth/signup', async (req, res) => {
    const actor = await signUpCompany(validate(signupSchema, req.body));
    await logIn(req, actor);
    res.status(201).json({ user: await profileOf(actor) });
  });

  api.post('/auth/password', requireUser, async (req, res) => {
    const { currentPassword, newPassword } = validate(changePasswordSchema, req.body);
    await changePassword(actorOf(req), currentPassword, newPassword);
    res.json({ ok: true });
  });

  api.post('/auth/reset-request', ...attemptLimits('reset', RESET_LIMITS), async (req, res) => {
    const { email } = validate(resetRequestSchema, req.body);
    await requestPasswordReset(ctx, email);
    res.status(202).json({ ok: true, message: '등록된 이메일이라면 재설정 링크를 보냈습니다.' });
  });

  api.post('/auth/reset', ...attemptLimits('reset-use', RESET_LIMITS), async (req, res) => {
    const { token, password } = validate(resetSchema, req.body);
    await resetPassword(ctx, token, password);
    res.json({ ok: true });
  });

  api.post('/invitations', requireUser, async (req, res) => {
    await invite(ctx, actorOf(req), validate(invitationSchema, req.body));
    res.status(202).json({ ok: true });
  });

  api.post('/invitations/accept', async (req, res) => {
    const { token, name, password } = validate(acceptInvitationSchema, req.body);
    const actor = await acceptInvitation(ctx, token, name, password);
    await logIn(req, actor);
    res.status(201).json({ user: await profileOf(actor) });
  });

  api.get('/me', requireUser, async (req, res) => {
    const actor = actorOf(req);
    res.json({
      user: await profileOf(actor),
      unreadNotifications: await unreadCount(actor),
      csrfToken: csrfToken(req),
    });
  });

  return api;
}
