import { Router } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { requireCsrfToken } from '../core/http/csrf';
import { sendStoredFile } from '../core/http/uploads';
import { validate } from '../core/http/validate';
import { authorize } from '../policy/policy';
import { addAttachment, attachmentUpload, openAttachment, removeAttachment } from './attachments';
import { answerParticipation } from './participation';
import { recordSupport } from './supports';
import { addNote, rerouteCase, setDueDate, setTeam } from './coordination';
import { caseDraftSchema, listQuerySchema } from './schemas';
import { listCases } from './list';
import { createDraft, getCase, updateDraft } from './service';
import { accessOf } from './store';
import { transition } from './transitions';
import { auditView, caseDetail, caseSummary } from './view';

export function caseApi(ctx: AppContext): Router {
  const api = Router();
  api.use('/cases', requireUser);

  const detail = (req: Parameters<typeof actorOf>[0], c: Parameters<typeof caseDetail>[0]) => ({
    case: caseDetail(c, actorOf(req), ctx.now()),
  });

  api.get('/cases', async (req, res) => {
    const page = await listCases(ctx, actorOf(req), validate(listQuerySchema, req.query));
    res.json({ ...page, items: page.items.map((c) => caseSummary(c, ctx.now())) });
  });

  api.post('/cases', async (req, res) => {
    const created = await createDraft(ctx, actorOf(req), validate(caseDraftSchema, req.body));
    res.status(201).json(detail(req, created));
  });

  api.get('/cases/:id', async (req, res) => {
    res.json(detail(req, await getCase(actorOf(req), req.params.id)));
  });

  api.put('/cases/:id', async (req, res) => {
    res.json(detail(req, await updateDraft(ctx, actorOf(req), req.params.id, validate(caseDraftSchema, req.body))));
  });

  api.post('/cases/:id/transitions', async (req, res) => {
    const updated = await transition(ctx, actorOf(req), req.params.id, req.body);
    res.json(detail(req, updated));
  });

  api.post('/cases/:id/team', async (req, res) => {
    res.json(detail(req, await setTeam(ctx, actorOf(req), req.params.id, req.body)));
  });

  api.post('/cases/:id/supports', async (req, res) => {
    res.status(201).json(detail(req, await recordSupport(ctx, actorOf(req), req.params.id, req.body)));
  });

  api.post('/cases/:id/participation', async (req, res) => {
    res.json(detail(req, await answerParticipation(ctx, actorOf(req), req.params.id, req.body)));
  });

  api.post('/cases/:id/due', async (req, res) => {
    res.json(detail(req, await setDueDate(ctx, actorOf(req), req.params.id, req.body)));
  });

  api.post('/cases/:id/reroute', async (req, res) => {
    res.json(detail(req, await rerouteCase(ctx, actorOf(req), req.params.id)));
  });

  api.post('/cases/:id/notes', async (req, res) => {
    res.status(201).json(detail(req, await addNote(ctx, actorOf(req), req.params.id, req.body)));
  });

  api.get('/cases/:id/audit', async (req, res) => {
    const actor = actorOf(req);
    const c = await getCase(actor, req.params.id);
    authorize(actor, 'case:audit', { case: accessOf(c) });
    res.json({ entries: auditView(c) });
  });

  api.post('/cases/:id/attachments', requireCsrfToken, attachmentUpload, async (req, res) => {
    res.status(201).json({ attachment: await addAttachment(ctx, actorOf(req), String(req.params.id), req.file) });
  });

  api.delete('/cases/:id/attachments/:fileId', async (req, res) => {
    await removeAttachment(ctx, actorOf(req), String(req.params.id), String(req.params.fileId));
    res.status(204).end();
  });

  api.get('/cases/:id/attachments/:fileId', async (req, res) => {
    sendStoredFile(res, await openAttachment(actorOf(req), String(req.params.id), String(req.params.fileId)));
  });

  return api;
}
