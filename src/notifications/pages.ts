import { Router } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { listNotifications, markAllRead } from './service';

export function notificationPages(ctx: AppContext): Router {
  const pages = Router();
  pages.get('/notifications', requireUser, async (req, res) => {
    res.render('notifications/list', {
      titleKey: 'notifications.title',
      ...(await listNotifications(actorOf(req), ctx.now(), 50)),
    });
  });
  pages.post('/notifications/read', requireUser, async (req, res) => {
    await markAllRead(actorOf(req), ctx.now());
    res.redirect('/notifications');
  });
  return pages;
}
