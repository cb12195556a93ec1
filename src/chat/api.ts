// Chat over HTTP: history pages (newest first, cursor pagination) and the unread
// counts shown as badges in case lists. Same policy as the sockets.
import { Router } from 'express';
import mongoose from 'mongoose';
import { Case } from '../cases/model';
import { badRequest } from '../core/errors';
import { actorOf, requireUser } from '../core/http/auth';
import { validate } from '../core/http/validate';
import { caseScopeFilter } from '../policy/policy';
import { authorizeChat } from './access';
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
    // Only cases the user may see, and not drafts (they have no chat).
    const visible = await Case.find(
      { $and: [caseScopeFilter(actor), { _id: { $in: ids.map((id) => new mongoose.Types.ObjectId(id)) } }] },
      { _id: 1, status: 1 },
    ).lean();
    const chatty = visible.filter((c) => c.status !== 'draft').map((c) => String(c._id));
    res.json({ unread: await unreadCounts(actor.id, chatty) });
  });

  return api;
}
