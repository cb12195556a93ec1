import { Router } from 'express';
import { databaseHealth } from '../core/db/database';

export const healthApi = Router();

const startedAt = Date.now();

/** 200 while the database answers (`degraded` with its latency when slow); 503 when it does not. */
healthApi.get('/healthz', async (_req, res) => {
  const db = await databaseHealth();
  res.status(db.state === 'down' ? 503 : 200).json({
    status: db.state === 'up' ? 'ok' : 'degraded',
    db: db.state,
    ...(db.latencyMs !== undefined ? { latencyMs: db.latencyMs } : {}),
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
  });
});
