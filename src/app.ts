// Assembles the express application from the features' routers. Nothing here
// starts a server or a database: see server.ts.
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import path from 'node:path';
import { pinoHttp } from 'pino-http';
import { accountApi } from './accounts/api';
import { adminApi } from './admin/api';
import { adminPages } from './admin/pages';
import { companyApi } from './companies/api';
import { isDesk } from './accounts/roles';
import { companyPages } from './companies/pages';
import { accountLimiters } from './accounts/limits';
import { accountPages } from './accounts/pages';
import { configurePassport } from './accounts/passport';
import { caseApi } from './cases/api';
import { casePages } from './cases/pages';
import { chatApi } from './chat/api';
import type { AppContext } from './core/context';
import { dashboardApi } from './dashboard/api';
import { chartJsAssets, dashboardNav, dashboardPages } from './dashboard/pages';
import { reportPages } from './dashboard/report-pages';
import { equipmentApi } from './equipment/api';
import { equipmentPages } from './equipment/pages';
import { importPages } from './equipment/import-pages';
import { usePages } from './equipment/use-pages';
import { csrfProtection, csrfToken } from './core/http/csrf';
import { errorHandler, notFoundHandler } from './core/http/error-handler';
import { sessionMiddleware } from './core/http/session';
import { useHandlebars } from './core/http/views';
import { healthApi } from './health/api';
import { localeMiddleware } from './i18n/middleware';
import { localePages } from './i18n/pages';
import { homePages } from './home/pages';
import { instituteApi } from './institutes/api';
import { institutePages } from './institutes/pages';
import { notificationApi } from './notifications/api';
import { notificationPages } from './notifications/pages';
import { UNREAD_COUNTED_MAX, unreadCount } from './notifications/service';
import { subscribeToCaseChanges } from './subscriptions';

const PUBLIC_DIR = path.resolve(import.meta.dirname, '../public');

/** What every page template can read: the user, the CSRF token, the bell count. */
const pageLocals: RequestHandler = async (req, res, next) => {
  if (req.path.startsWith('/api/')) return next();
  res.locals.user = req.user;
  res.locals.currentPath = req.originalUrl;
  res.locals.isDeskUser = !!req.user && isDesk(req.user);
  // Anonymous visitors get a token (and so a stored session) only on pages with forms.
  res.locals.csrfToken = req.user ? csrfToken(req) : '';
  const unread = req.user ? await unreadCount(req.user) : 0;
  res.locals.unread = unread >= UNREAD_COUNTED_MAX ? `${UNREAD_COUNTED_MAX - 1}+` : unread;
  next();
};

/** `session`: pass the instance Socket.IO shares (server.ts); tests may leave it out. */
export function createApp(ctx: AppContext, options: { session?: RequestHandler } = {}): Express {
  subscribeToCaseChanges(ctx);
  const app = express();
  const passport = configurePassport();
  app.disable('x-powered-by');
  app.set('env', ctx.config.env);
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
          connectSrc: ["'self'"],
        },
      },
    }),
  );
  app.use(pinoHttp({ logger: ctx.log, useLevel: 'debug' }));
  app.use(express.static(PUBLIC_DIR, { maxAge: '1h' }));
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/favicon.svg'));
  app.use(chartJsAssets);
  app.use(healthApi);

  app.use(express.json({ limit: '200kb' }));
  app.use(express.urlencoded({ extended: false, limit: '200kb' }));
  app.use(options.session ?? sessionMiddleware(ctx.config));
  app.use(passport.session());
  app.use(localeMiddleware);
  app.use(csrfProtection);
  app.use(pageLocals);
  app.use(dashboardNav);

  const limits = accountLimiters(ctx.config.sessionSecret);
  app.use('/api', instituteApi, accountApi(ctx, limits), caseApi(ctx), notificationApi(ctx), chatApi());
  app.use(localePages, homePages, institutePages, accountPages(ctx, limits), casePages(ctx), notificationPages(ctx));

  app.use('/api', dashboardApi(ctx), equipmentApi(ctx), adminApi(ctx), companyApi(ctx));
  app.use(
    reportPages(ctx),
    dashboardPages(ctx),
    importPages(),
    equipmentPages(ctx),
    usePages(ctx),
    adminPages(ctx),
    companyPages(ctx),
  );

  app.use(notFoundHandler);
  app.use(errorHandler(ctx.log));
  return app;
}
