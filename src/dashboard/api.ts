import { Router } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { validate } from '../core/http/validate';
import { dashboardQuerySchema } from './schemas';
import { dashboard, dashboardScope } from './service';

/** GET /api/dashboard?from=YYYY-MM-DD&to=YYYY-MM-DD[&institute=CODE]: the dashboard's figures. */
export function dashboardApi(ctx: AppContext): Router {
  const api = Router();
  api.use('/dashboard', requireUser);

  api.get('/dashboard', async (req, res) => {
    const scope = dashboardScope(ctx, actorOf(req), validate(dashboardQuerySchema, req.query));
    const { figures, institutes } = await dashboard(scope);
    res.json({ ...figures, institutes });
  });

  return api;
}
