// Sessions stored in the database. Expired sessions are removed by the app's own
// clean-up job (an acknowledged deleteMany), never by connect-mongo's interval
// clean-up: that one sends an unacknowledged delete, FerretDB answers it anyway, and
// the driver hands the stray reply to the next command on the connection — another
// user's request. FerretDB also has no TTL indexes, so the server cannot do it.
import MongoStore from 'connect-mongo';
import session from 'express-session';
import type { RequestHandler } from 'express';
import mongoose from 'mongoose';
import type { Config } from '../config';
import type { Job } from '../jobs';

const SESSION_DAYS = 14;
const SESSIONS = 'sessions';

export function sessionMiddleware(config: Config): RequestHandler {
  return session({
    name: 'sobujang.sid',
    secret: config.sessionSecret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.env === 'production' && config.appUrl?.startsWith('https://') === true,
      maxAge: SESSION_DAYS * 24 * 60 * 60 * 1000,
    },
    store: MongoStore.create({
      client: mongoose.connection.getClient(),
      collectionName: SESSIONS,
      ttl: SESSION_DAYS * 24 * 60 * 60,
      // Rolling sessions would otherwise write to the database on every request just to
      // push the expiry on; once an hour is plenty for a fourteen-day session.
      touchAfter: 60 * 60,
      // An expired session is already refused when read; removing it is our job below.
      autoRemove: 'disabled',
    }),
  });
}

/** Deletes expired sessions with an acknowledged write; returns how many. */
export async function removeExpiredSessions(now: Date): Promise<number> {
  const result = await mongoose.connection
    .collection(SESSIONS)
    .deleteMany({ expires: { $lt: now } }, { writeConcern: { w: 1 } });
  return result.deletedCount;
}

export const sessionCleanupJob = (now: () => Date): Job => ({
  name: 'session clean-up',
  everyMs: 10 * 60_000,
  run: () => removeExpiredSessions(now()),
});
