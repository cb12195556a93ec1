// Starts the whole service: database (embedded or MONGODB_URI), seed data, HTTP
// and sockets; and stops them again in reverse order.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { escalationJob, strandedSubmissionJob } from './cases/sla';
import { startChat } from './chat/socket';
import type { Config } from './core/config';
import type { AppContext } from './core/context';
import { sessionCleanupJob, sessionMiddleware } from './core/http/session';
import { claimCleanupJob } from './core/db/revision-claim';
import { startJobs } from './core/jobs';
import { digestJob } from './notifications/digest';
import { flushChatNotifications } from './chat/activity';
import { createMailer } from './core/mail';
import { seedDemo } from './demo/seed';
import { startDatabase, type Database } from './core/db/database';
import type { Logger } from './core/logger';
import { seedCatalogue, seedCatalogueVersion } from './institutes/catalogue';
import { seedInstitutes } from './institutes/seed';
import { seedCatalogueEquipment } from './equipment/seed';
import { currentIndex } from './equipment/catalog';
import { loadRecountJob } from './routing/load';
import { rekeyCases } from './cases/rekey';
import { changeReplayJob } from './cases/changes';

export type RunningServer = {
  url: string;
  database: Database;
  close(): Promise<void>;
};

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const database = await startDatabase(config, log);
  await seedInstitutes(seedCatalogue(), seedCatalogueVersion());
  await seedCatalogueEquipment(seedCatalogue());
  const ctx: AppContext = { config, log, mailer: createMailer(config, log), now: () => new Date() };
  const stopJobs = startJobs(
    [
      escalationJob(ctx),
      strandedSubmissionJob(ctx),
      claimCleanupJob(ctx.now),
      sessionCleanupJob(ctx.now),
      loadRecountJob(),
      changeReplayJob(),
      digestJob(ctx),
    ],
    log,
  );

  // One session middleware for express and Socket.IO, so a socket is the signed-in user of its page.
  const session = sessionMiddleware(config);
  const app = createApp(ctx, { session });
  // In the background: lists show a case under its new keys as soon as it is re-keyed.
  void rekeyCases(log).catch((error) =>
    log.warn({ err: error }, 'case re-keying failed; it runs again at the next start'),
  );
  if (config.seedDemo) await seedDemo(ctx);
  // The equipment search index is built before the first search asks for it.
  void currentIndex().catch((error) => log.warn({ err: error }, 'equipment search index not built yet'));
  const server = http.createServer(app);
  const chat = await startChat(ctx, server, {
    session,
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix,
    appUrl: config.appUrl,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  log.info({ url }, 'listening');

  return {
    url,
    database,
    close: async () => {
      stopJobs();
      await flushChatNotifications();
      await chat.close();
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
