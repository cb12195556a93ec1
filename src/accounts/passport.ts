import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Actor } from './roles';
import { authenticate, findSessionActor } from './service';

/** What a session stores of its user (sessions started before epochs stored the id alone). */
type SessionUser = { id: string; epoch?: string };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Actor {}
  }
}

let configured = false;

export function configurePassport(): typeof passport {
  if (configured) return passport;
  configured = true;
  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      authenticate(email, password).then((actor) => done(null, actor ?? false), done);
    }),
  );
  // A session holds the user and the account's session epoch it started under; a
  // password change or reset moves the epoch and so ends every other session.
  passport.serializeUser((user, done) => done(null, { id: user.id, epoch: user.sessionEpoch }));
  passport.deserializeUser((stored: SessionUser | string, done) => {
    const { id, epoch } = typeof stored === 'string' ? { id: stored, epoch: undefined } : stored;
    findSessionActor(id, epoch).then((actor) => done(null, actor ?? false), done);
  });
  return passport;
}
