import { Router } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { localeOf } from '../i18n/middleware';
import { listNotifications, markAllRead } from './service';

export function notificationApi(ctx: AppContext): Router {
  const api = Router();
  api.get('/notifications', requireUser, async (req, res) => {
    res.json(await listNotifications(actorOf(req), ctx.now(), localeOf(res)));
  });
  api.post('/notifications/read', requireUser, async (req, res) => {
    await markAllRead(actorOf(req), ctx.now());
    res.json({ ok: true });
  });
  return api;
}
