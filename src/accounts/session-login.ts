import type { Request } from 'express';
import type { Actor } from './roles';
import { announceSessionsEnded } from './session-events';

/** Starts a session for the actor; passport regenerates the session id first. */
export function logIn(req: Request, actor: Actor): Promise<void> {
  return new Promise((resolve, reject) => req.login(actor, (error) => (error ? reject(error) : resolve())));
}

/** Ends the session, and with it the live connections (chat sockets) it opened. */
export async function logOut(req: Request): Promise<void> {
  const sessionId = req.sessionID;
  await new Promise<void>((resolve, reject) => req.logout((error) => (error ? reject(error) : resolve())));
  if (sessionId) announceSessionsEnded({ sessionId });
}

export const BAD_CREDENTIALS = '이메일 또는 비밀번호가 맞지 않습니다.';
