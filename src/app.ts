// Assembles the express application from the features' routers. Nothing here
// starts a server or a database: see server.ts.
import express, { type Express } from 'express';
import helmet from 'helmet';
import path from 'node:path';
import { pinoHttp } from 'pino-http';
import type { Config } from './core/config';
import type { Logger } from './core/logger';
import { errorHandler, notFoundHandler } from './core/http/error-handler';
import { useHandlebars } from './core/http/views';
import { healthApi } from './health/api';
import { homePages } from './home/pages';
import { instituteApi } from './institutes/api';
import { institutePages } from './institutes/pages';

const PUBLIC_DIR = path.resolve(import.meta.dirname, '../public');

export type AppDeps = { config: Config; log: Logger };

export function createApp({ log }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  useHandlebars(app);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
        },
      },
    }),
  );
  app.use(pinoHttp({ logger: log, useLevel: 'debug' }));
  app.use(express.static(PUBLIC_DIR, { maxAge: '1h' }));
  app.use(express.json({ limit: '200kb' }));
  app.use(express.urlencoded({ extended: false, limit: '200kb' }));

  app.use(healthApi);
  app.use('/api', instituteApi);
  app.use(homePages);
  app.use(institutePages);

  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
