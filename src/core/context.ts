import type { Config } from './config';
import type { Logger } from './logger';
import type { Mailer } from './mail';

/** What services need from the outside world, passed in rather than imported. */
export type AppContext = { config: Config; log: Logger; mailer: Mailer; now: () => Date };

export function appUrl(ctx: AppContext): string {
  return ctx.config.appUrl ?? `http://localhost:${ctx.config.port || 3000}`;
}
