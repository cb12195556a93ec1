// Loading cases and changing them atomically. Every change goes through
// `updateCase`: it claims the case's current revision (see revision-claim.ts), then
// makes one conditional update that also appends the audit entry, so a change and its
// audit record land together or not at all, and two concurrent changes cannot both win.
import mongoose from 'mongoose';
import type { Actor } from '../accounts/roles';
import { claimRevision } from '../core/db/revision-claim';
import { conflict, notFound } from '../core/errors';
import { authorizeView, institutesWithAccess, type CaseAccess } from '../policy/policy';
import { announceCaseChange } from './changes';
import { caseListKeys } from './list-keys';
import { declinedParticipants, pendingParticipants } from './members';
import { Case, type CaseDoc } from './model';
import type { CaseStatus } from './lifecycle';
import { renderMessage, type LocalMessage } from '../i18n/messages';

const CONCURRENT_CHANGE = '다른 사용자가 방금 이 과제를 변경했습니다. 화면을 새로 고친 뒤 다시 시도해 주세요.';

/** `detail` is a message to render in the reader's language, or user data (a file name) shown as is. */
export type AuditInput = { action: string; from?: string; to?: string; detail?: string | LocalMessage };

export const SYSTEM_ACTOR: Actor = { id: 'system', email: '', name: '시스템', role: 'admin' };

export function accessOf(c: CaseDoc): CaseAccess {
  return {
    companyId: String(c.companyId),
    status: c.status,
    lead: c.lead,
    offeredTo: c.offeredTo,
    participants: c.participants,
    pendingParticipants: pendingParticipants(c),
    equipmentInstitutes: (c.equipmentRequests ?? []).map((r) => r.instituteCode),
  };
}

export async function loadCase(id: string): Promise<CaseDoc> {
  if (!mongoose.isValidObjectId(id)) throw notFound('과제를 찾을 수 없습니다.');
  const found = await Case.findById(id).lean<CaseDoc>();
  if (!found) throw notFound('과제를 찾을 수 없습니다.');
  return found;
}

/** Loads a case the actor may see; 404 otherwise. */
export async function loadVisibleCase(actor: Actor, id: string): Promise<CaseDoc> {
  const found = await loadCase(id);
  authorizeView(actor, accessOf(found));
  return found;
}

function auditEntry(actor: Actor, at: Date, { detail, ...input }: AuditInput) {
  const entry = { at, actorId: actor.id, actorName: actor.name, actorRole: actor.role, ...input };
  if (typeof detail === 'string') return { ...entry, detail };
  return detail ? { ...entry, detail: renderMessage('ko', detail), detailMessage: detail } : entry;
}

/** What a change says in the case's chat (chat/events.ts posts it). */
export type CaseEvent = { kind: string; message: LocalMessage; teamChanged?: boolean };

export type CaseChange = {
  set: Record<string, unknown>;
  unset?: string[];
  push?: Record<string, unknown>;
  audit: AuditInput;
  /** Stored in the same write, so the chat message cannot be lost (changes.ts replays it). */
  event?: CaseEvent;
};

/**
 * Who may see a case, which lists it is in, and where its joint team stands (for list
 * rows and their filters), derived from the case as it will be.
 */
export function derivedFields(c: CaseDoc) {
  const visibleTo = institutesWithAccess(accessOf(c));
  const team = { pendingParticipants: pendingParticipants(c), declinedParticipants: declinedParticipants(c) };
  return { visibleTo, ...team, listKeys: caseListKeys({ ...c, ...team, visibleTo }) };
}

/**
 * Applies a change to the case as it was read (`expected`). Recomputes who can see
 * the case and the lists it is in, and keeps the change's chat event, in the same write.
 * Returns the case as it is afterwards, once the change has fanned out (changes.ts).
 */
export async function updateCase(actor: Actor, expected: CaseDoc, change: CaseChange, now: Date): Promise<CaseDoc> {
  const unset = Object.fromEntries((change.unset ?? []).map((key) => [key, undefined]));
  const next = { ...expected, ...change.set, ...unset } as CaseDoc;
  const set: Record<string, unknown> = { ...change.set, ...derivedFields(next), changePending: true };
  if (change.event) set[`pendingEvents.r${expected.rev + 1}`] = change.event;
  const update: mongoose.UpdateQuery<CaseDoc> = {
    $set: set,
    $inc: { rev: 1 },
    $push: { ...change.push, audit: auditEntry(actor, now, change.audit) },
  };
  if (change.unset?.length) update.$unset = Object.fromEntries(change.unset.map((k) => [k, '']));
  const claim = await claimRevision(`case:${String(expected._id)}:${expected.rev}`, now);
  if (!claim) throw conflict(CONCURRENT_CHANGE);
  let updated: CaseDoc | null;
  try {
    updated = await Case.findOneAndUpdate(
      { _id: expected._id, status: expected.status as CaseStatus, rev: expected.rev },
      update,
      { returnDocument: 'after' },
    ).lean<CaseDoc>();
  } catch (error) {
    await claim.release();
    throw error;
  }
  if (!updated) throw conflict(CONCURRENT_CHANGE);
  await announceCaseChange(expected, updated);
  return updated;
}
