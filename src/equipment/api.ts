// The equipment JSON API: search, one instrument, use requests and registry imports.
import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { requireCsrfToken } from '../core/http/csrf';
import { validate } from '../core/http/validate';
import { badRequest } from '../core/errors';
import { loadVisibleCase } from '../cases/store';
import { authorize } from '../policy/policy';
import { importRegistryFile, SHOWN_REJECTIONS } from './imports';
import { equipmentIdParams, equipmentQuerySchema } from './schemas';
import { searchEquipment } from './search';
import { getEquipment, nextFreeDays } from './service';
import { caseToRequestOn, requestUse, useInbox, usesOfCase } from './use-requests';
import { requestCaseSchema, useIdParams, useRequestSchema } from './use-schemas';
import { STEP_NAMES, takeStep } from './use-steps';
import { useView } from './use-view';

const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const importUpload = multer({
  storage: multer.memoryStorage(),
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_IMPORT_BYTES, files: 1 },
}).single('file');

/** The desk only, checked before the upload is read. */
export const mayImport: RequestHandler = (req, _res, next) => {
  authorize(actorOf(req), 'equipment:import');
  next();
};

export function equipmentApi(ctx: AppContext): Router {
  const api = Router();

  api.get('/equipment', async (req, res) => {
    res.json(await searchEquipment(validate(equipmentQuerySchema, req.query)));
  });

  api.get('/equipment/:id', async (req, res) => {
    const { id } = validate(equipmentIdParams, req.params);
    const equipment = await getEquipment(id);
    res.json({ equipment, freeDays: await nextFreeDays(id, ctx.now()) });
  });

  api.post('/equipment/:id/requests', requireUser, async (req, res) => {
    const { id } = validate(equipmentIdParams, req.params);
    const c = await caseToRequestOn(actorOf(req), validate(requestCaseSchema, req.body ?? {}).caseId);
    const result = await requestUse(ctx, actorOf(req), id, c, validate(useRequestSchema, req.body));
    res.status(201).json({ request: useView(result.use) });
  });

  api.get('/equipment-requests', requireUser, async (req, res) => {
    const inbox = await useInbox(actorOf(req), ctx.now());
    res.json({ open: inbox.open.map(useView), closed: inbox.closed.map(useView) });
  });

  api.get('/cases/:id/equipment-requests', requireUser, async (req, res) => {
    const { id } = validate(useIdParams, req.params);
    const c = await loadVisibleCase(actorOf(req), id);
    res.json({ requests: (await usesOfCase(ctx, c)).map(useView) });
  });

  for (const step of STEP_NAMES)
    api.post(`/equipment-requests/:id/${step}`, requireUser, async (req, res) => {
      const { id } = validate(useIdParams, req.params);
      res.json({ request: useView(await takeStep(ctx, actorOf(req), id, step, req.body)) });
    });

  api.post('/equipment/imports', requireUser, mayImport, requireCsrfToken, importUpload, async (req, res) => {
    if (!req.file) throw badRequest('파일을 골라 주세요.', { file: '.xlsx나 CSV 파일을 골라 주세요.' });
    const report = await importRegistryFile(actorOf(req), req.file.buffer, req.file.originalname);
    if (report.imported) res.status(201).json(report);
    else
      res.status(422).json({
        ...report,
        rejected: report.rejected.slice(0, SHOWN_REJECTIONS),
        rejectedCount: report.rejected.length,
      });
  });

  return api;
}
