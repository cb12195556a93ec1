import { Router } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { localeOf } from '../i18n/middleware';
import { listNotifications, markAllRead, openNotification } from './service';

type Listed = Awaited<ReturnType<typeof listNotifications>>['items'][number];

/** Notifications grouped by case, newest case first, as the bell page shows them. */
function byCase(items: Listed[]) {
  const groups = new Map<
    string,
    { caseId?: string; caseNumber?: string | null; caseTitle?: string; items: Listed[]; unread: number }
  >();
  for (const item of items) {
    const key = item.caseId ?? item.id;
    const group = groups.get(key) ?? {
      caseId: item.caseId,
      caseNumber: item.caseNumber,
      caseTitle: item.caseTitle,
      items: [],
      unread: 0,
    };
    group.caseTitle ??= item.caseTitle;
    group.items.push(item);
    if (!item.read) group.unread++;
    groups.set(key, group);
  }
  return [...groups.values()];
}

export function notificationPages(ctx: AppContext): Router {
  const pages = Router();
  pages.get('/notifications', requireUser, async (req, res) => {
    const listed = await listNotifications(actorOf(req), ctx.now(), localeOf(res), 50, 'html');
    res.render('notifications/list', {
      titleKey: 'notifications.title',
      unread: listed.unread,
      groups: byCase(listed.items),
    });
  });
  // Opening a notification reads it and goes to its case.
  pages.get('/notifications/:id', requireUser, async (req, res) => {
    const caseId = await openNotification(actorOf(req), String(req.params.id), ctx.now());
    res.redirect(caseId ? `/cases/${caseId}` : '/notifications');
  });
  pages.post('/notifications/read', requireUser, async (req, res) => {
    await markAllRead(actorOf(req), ctx.now());
    res.redirect('/notifications');
  });
  return pages;
}
