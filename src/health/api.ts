import { Router } from 'express';
import { databaseIsUp } from '../core/db/database';

export const healthApi = Router();

const startedAt = Date.now();

healthApi.get('/healthz', async (_req, res) => {
  const up = await databaseIsUp();
  res.status(up ? 200 : 503).json({
    status: up ? 'ok' : 'degraded',
    db: up ? 'up' : 'down',
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  });
});
