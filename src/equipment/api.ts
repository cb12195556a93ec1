import { Router } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { validate } from '../core/http/validate';
import { equipmentIdParams, equipmentQuerySchema, equipmentRequestSchema } from './schemas';
import { getEquipment, requestEquipment, searchEquipment } from './service';

/** GET /api/equipment?q=&institute=&region=&field=&page=, GET /api/equipment/:id, POST …/:id/requests. */
export function equipmentApi(ctx: AppContext): Router {
  const api = Router();

  api.get('/equipment', async (req, res) => {
    res.json(await searchEquipment(validate(equipmentQuerySchema, req.query)));
  });

  api.get('/equipment/:id', async (req, res) => {
    const { id } = validate(equipmentIdParams, req.params);
    res.json({ equipment: await getEquipment(id) });
  });

  api.post('/equipment/:id/requests', requireUser, async (req, res) => {
    const { id } = validate(equipmentIdParams, req.params);
    const input = validate(equipmentRequestSchema, req.body);
    const result = await requestEquipment(ctx, actorOf(req), id, input);
    res.status(201).json({
      request: result.request,
      case: { id: String(result.case._id), number: result.case.number },
    });
  });

  return api;
}
