import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Actor } from './roles';
import { authenticate, findActor } from './service';

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
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: string, done) => {
    findActor(id).then((actor) => done(null, actor ?? false), done);
  });
  return passport;
}
