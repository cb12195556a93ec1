// One server process for `npm run bench:chat` (started by scripts/bench-chat.ts):
//   BENCH_MODE=chat  the real app with chat (sessions, policy, storage), plus a
//                    bench-only login route so 500 clients need no password hashing;
//   BENCH_MODE=bare  a bare Socket.IO server that broadcasts what it gets and stores nothing.
// Prints {"port":…} on stdout when listening.
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { Server } from 'socket.io';
import { findActor } from '../src/accounts/service';
import { configurePassport } from '../src/accounts/passport';
import { createApp } from '../src/app';
import { CHAT_RATE } from '../src/chat/rate-limit';
import { startChat } from '../src/chat/socket';
import { loadConfig } from '../src/core/config';
import { connectMongoose } from '../src/core/db/database';
import { sessionMiddleware } from '../src/core/http/session';
import { createLogger } from '../src/core/logger';
import { createMailer } from '../src/core/mail';

const mode = process.env.BENCH_MODE ?? 'chat';
const server = http.createServer();

if (mode === 'bare') {
  const io = new Server(server, { serveClient: false });
  let n = 0;
  io.on('connection', (socket) => {
    socket.on('chat:join', async (payload: { caseId: string }, ack: (r: unknown) => void) => {
      await socket.join(`case:${payload.caseId}`);
      ack({ ok: true, messages: [] });
    });
    socket.on('chat:send', (payload: { caseId: string; clientId: string; text: string }, ack: (r: unknown) => void) => {
      const message = { ...payload, id: String(++n), createdAt: new Date().toISOString() };
      io.to(`case:${payload.caseId}`).emit('chat:message', { message });
      ack({ ok: true, message });
    });
  });
} else {
  // The bench measures the storage and broadcast path; the per-socket send limit
  // (2 messages/s) would otherwise cap the saturation run.
  CHAT_RATE.send.burst = 1e9;
  CHAT_RATE.send.perSecond = 1e9;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    MONGODB_URI: process.env.MONGODB_URI,
    REDIS_URL: process.env.REDIS_URL,
    SEED_DEMO: 'false',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'sobujang-bench-')),
  });
  const log = createLogger(config.logLevel);
  await connectMongoose(config.mongodbUri ?? '');
  const ctx = { config, log, mailer: createMailer(config, log), now: () => new Date() };
  const session = sessionMiddleware(config);
  const passport = configurePassport();
  const app = express();
  app.use(session);
  app.use(passport.session());
  app.post('/bench/login/:id', async (req, res, next) => {
    const actor = await findActor(req.params.id);
    if (!actor) return void res.status(404).end();
    req.login(actor, (error) => (error ? next(error) : res.status(204).end()));
  });
  app.use(createApp(ctx, { session }));
  server.on('request', app);
  await startChat(ctx, server, { session, redisUrl: config.redisUrl, redisPrefix: process.env.CHAT_REDIS_PREFIX });
}

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
process.once('SIGTERM', () => process.exit(0));
