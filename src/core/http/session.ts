// Sessions stored in the database. FerretDB has no TTL indexes, so expired sessions
// are removed by connect-mongo's interval clean-up rather than by the server.
import MongoStore from 'connect-mongo';
import session from 'express-session';
import type { RequestHandler } from 'express';
import mongoose from 'mongoose';
import type { Config } from '../config';

const SESSION_DAYS = 14;

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
      collectionName: 'sessions',
      ttl: SESSION_DAYS * 24 * 60 * 60,
      autoRemove: 'interval',
      autoRemoveInterval: 10,
    }),
  });
}
