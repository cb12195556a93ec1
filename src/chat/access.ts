// Who may use a case's chat, decided by the one policy module from the case as it is
// stored. The parts of the case that matter are cached for a few seconds because
// every send and read checks them; a team change drops the entry at once (here, and
// in other processes through the adapter, see socket.ts).
import mongoose from 'mongoose';
import type { Actor } from '../accounts/roles';
import { Case } from '../cases/model';
import { notFound } from '../core/errors';
import { authorize, isAllowed, type CaseAccess } from '../policy/policy';

const TTL_MS = 5_000;
const MAX_ENTRIES = 5_000;

export type ChatCase = { id: string; access: CaseAccess; companyName: string; number: string; title: string };

const cache = new Map<string, { value: ChatCase; until: number }>();

export function forgetChatCase(caseId: string): void {
  cache.delete(caseId);
}

export async function chatCase(caseId: string, fresh = false): Promise<ChatCase> {
  const hit = cache.get(caseId);
  if (hit && !fresh && hit.until > Date.now()) return hit.value;
  if (!mongoose.isValidObjectId(caseId)) throw notFound('과제를 찾을 수 없습니다.');
  const c = await Case.findById(caseId, {
    companyId: 1,
    companyName: 1,
    number: 1,
    title: 1,
    status: 1,
    lead: 1,
    offeredTo: 1,
    participants: 1,
  }).lean();
  if (!c) {
    cache.delete(caseId);
    throw notFound('과제를 찾을 수 없습니다.');
  }
  const value: ChatCase = {
    id: String(c._id),
    access: {
      companyId: String(c.companyId),
      status: c.status,
      lead: c.lead,
      offeredTo: c.offeredTo,
      participants: c.participants,
    },
    companyName: c.companyName,
    number: c.number,
    title: c.title,
  };
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(caseId, { value, until: Date.now() + TTL_MS });
  return value;
}

/** The case, when the actor may use its chat; 404 when the case is hidden, 403 for a draft. */
export async function authorizeChat(
  actor: Actor,
  caseId: string,
  action: 'chat:join' | 'chat:send' = 'chat:join',
  fresh = false,
): Promise<ChatCase> {
  const c = await chatCase(caseId, fresh);
  authorize(actor, action, { case: c.access });
  return c;
}

export function mayChat(actor: Actor, c: ChatCase): boolean {
  return isAllowed(actor, 'chat:join', { case: c.access });
}
