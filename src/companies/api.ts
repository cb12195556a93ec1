// Designations over JSON: the desk's review list and decisions (pages.ts has the forms).
import { Router } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { claimsToReview, decideDesignation } from './designations';

export function companyApi(ctx: AppContext): Router {
  const api = Router();
  api.use('/designations', requireUser);

  api.get('/designations/review', async (req, res) => {
    res.json({ claims: await claimsToReview(actorOf(req)) });
  });

  api.post('/designations/:companyId/decision', async (req, res) => {
    await decideDesignation(ctx, actorOf(req), req.params, req.body);
    res.json({ ok: true });
  });

  return api;
}
