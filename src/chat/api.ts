// Chat over HTTP: history pages (newest first, cursor pagination) and the unread
// counts shown as badges in case lists. Same policy as the sockets.
import { Router } from 'express';
import { badRequest } from '../core/errors';
import { actorOf, requireUser } from '../core/http/auth';
import { validate } from '../core/http/validate';
import { authorizeChat, chatCase, mayChat } from './access';
import { parseMessageId } from './model';
import { historyQuerySchema, unreadQuerySchema } from './schemas';
import { historyPage, unreadCounts } from './service';
import { messageView } from './view';

export function chatApi(): Router {
  const api = Router();

  api.get('/cases/:id/messages', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const caseId = String(req.params.id);
    await authorizeChat(actor, caseId, 'chat:join', true);
    const query = validate(historyQuerySchema, req.query);
    const before = query.before ? parseMessageId(query.before) : undefined;
    if (query.before && before?.caseId !== caseId)
      throw badRequest('입력값을 확인해 주세요.', { before: '이 과제의 메시지 번호가 아닙니다.' });
    const page = await historyPage(caseId, before?.seq, query.limit);
    res.json({ messages: page.messages.map(messageView), next: page.next });
  });

  api.get('/chat/unread', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const { cases } = validate(unreadQuerySchema, req.query);
    const ids = [...new Set(cases.split(','))];
    // Only the cases whose chat the user may read, by the same rule as the room itself;
    // each is one cached lookup by id (a list page asks for at most a page of cases).
    const found = await Promise.all(ids.map((id) => chatCase(id).catch(() => undefined)));
    const chatty = found.filter((c) => c !== undefined && mayChat(actor, c)).map((c) => c?.id as string);
    res.json({ unread: await unreadCounts(actor.id, chatty) });
  });

  return api;
}
