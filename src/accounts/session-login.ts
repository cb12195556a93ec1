import type { Request } from 'express';
import type { Actor } from './roles';

/** Starts a session for the actor; passport regenerates the session id first. */
export function logIn(req: Request, actor: Actor): Promise<void> {
  return new Promise((resolve, reject) => req.login(actor, (error) => (error ? reject(error) : resolve())));
}

export function logOut(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.logout((error) => (error ? reject(error) : resolve())));
}

export const BAD_CREDENTIALS = '이메일 또는 비밀번호가 맞지 않습니다.';
