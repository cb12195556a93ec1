// Use requests as first-class records (use-model.ts): made by a company on one of its
// open cases, confirmed with booked days and a fee estimate or declined by the
// instrument's institute, then done with the test report or cancelled.
//
// Making a request writes the case first (the request, and the institute's read
// access, with the case's audit entry, in one conditional update), then the request
// record with the id the case gave it. A crash between the two is repaired when the
// case's requests are next read: the record is made from what the case holds.
import mongoose from 'mongoose';
import type { Actor } from '../accounts/roles';
import { OPEN_STATUSES, type CaseStatus } from '../cases/lifecycle';
import type { CaseDoc } from '../cases/model';
import { accessOf, loadCase, loadVisibleCase, SYSTEM_ACTOR, updateCase } from '../cases/store';
import { addSupport, type Support } from '../cases/supports';
import { Company, hasEquipmentDiscount } from '../companies/model';
import type { AppContext } from '../core/context';
import { conflict, isDuplicateKey, notFound } from '../core/errors';
import { koreaDay } from '../core/http/fields';
import { authorize } from '../policy/policy';
import { getEquipment } from './service';
import { bookDays, daysBetween, releaseDays } from './slots';
import type { CompleteUseInput, ConfirmUseInput, UseRequestInput } from './use-schemas';
import { EquipmentUse, OPEN_USE_STATUSES, type UseDoc, type UseStatus } from './use-model';
import { notifyUseChange } from './use-notices';

const CONCURRENT_CHANGE = '다른 사용자가 방금 이 요청을 변경했습니다. 화면을 새로 고친 뒤 다시 시도해 주세요.';

/** The lists a request is in: open ones by owner, closed ones by owner and month. */
export function useListKeys(u: { instituteCode: string; companyId: string; status: string }, at: Date): string[] {
  const open = OPEN_USE_STATUSES.includes(u.status as UseStatus);
  const suffix = open ? 'open' : `closed:${koreaDay(at).slice(0, 7)}`;
  return [`inst:${u.instituteCode}:${suffix}`, `company:${u.companyId}:${suffix}`, `desk:${suffix}`];
}

type CaseLink = NonNullable<CaseDoc['equipmentRequests']>[number];

/** The record a case's request entry stands for (also how a lost record is remade). */
function recordOf(c: CaseDoc, link: CaseLink) {
  const base = {
    _id: new mongoose.Types.ObjectId(link.useId ?? undefined),
    equipmentId: link.equipmentId,
    equipmentName: link.equipmentName,
    equipmentNameEn: link.equipmentNameEn ?? '',
    instituteCode: link.instituteCode,
    caseId: c._id,
    caseNumber: c.number,
    caseTitle: c.title,
    companyId: String(c.companyId),
    companyName: c.companyName,
    purpose: link.purpose ?? '',
    sampleCount: link.sampleCount ?? 0,
    sampleKind: link.sampleKind ?? '',
    desiredFrom: link.desiredFrom ?? link.requestedAt,
    desiredTo: link.desiredTo ?? link.requestedAt,
    ...(link.note ? { note: link.note } : {}),
    discount: !!link.discount,
    status: 'requested' as const,
    requestedAt: link.requestedAt,
    requestedBy: { id: link.requestedBy?.id ?? '', name: link.requestedBy?.name ?? '' },
    history: [
      {
        at: link.requestedAt,
        actorId: link.requestedBy?.id ?? '',
        actorName: link.requestedBy?.name ?? '',
        actorRole: 'company',
        action: 'requested',
        to: 'requested',
      },
    ],
    rev: 0,
  };
  return { ...base, listKeys: useListKeys(base, link.requestedAt) };
}

async function saveRecord(record: ReturnType<typeof recordOf>): Promise<void> {
  try {
    await EquipmentUse.create(record);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

/** The case's use requests, oldest first; a request whose record was lost is remade from the case. */
export async function usesOfCase(ctx: AppContext, c: CaseDoc): Promise<UseDoc[]> {
  const read = async () =>
    (await EquipmentUse.find({ caseId: c._id }).lean<UseDoc[]>()).sort(
      (a, b) => a.requestedAt.getTime() - b.requestedAt.getTime(),
    );
  const found = await read();
  await supportDoneUses(ctx, c, found);
  const held = new Set(found.map((u) => String(u._id)));
  const lost = (c.equipmentRequests ?? []).filter((link) => link.useId && !held.has(link.useId));
  if (!lost.length) return found;
  for (const link of lost) await saveRecord(recordOf(c, link));
  return read();
}

/** A finished use is an equipment-use support (장비활용) of its institute on the case. */
function supportOf(use: UseDoc): Support {
  // The last booked day (noon in Korea), unless the use was finished before it.
  const finished = use.updatedAt ?? use.requestedAt;
  const lastDay = use.slot?.to ? new Date(`${use.slot.to}T12:00:00+09:00`) : finished;
  return {
    key: `use:${String(use._id)}`,
    type: '장비활용',
    institute: use.instituteCode,
    deliveredAt: lastDay < finished ? lastDay : finished,
    equipmentId: use.equipmentId,
    equipmentName: use.equipmentName,
  };
}

/**
 * Records the support of each finished use not yet on the case: the completion writes
 * the use, then the case, and a crash between the two is repaired when the case is next read.
 */
async function supportDoneUses(ctx: AppContext, c: CaseDoc, uses: UseDoc[]): Promise<void> {
  const recorded = new Set((c.supports ?? []).map((s) => s.key));
  const missing = uses.filter((u) => u.status === 'done' && !recorded.has(supportOf(u).key));
  let current = c;
  for (const use of missing) current = await addSupport(ctx, SYSTEM_ACTOR, current, supportOf(use));
}

/** The case a company asks on, once it may (authorised before the form is read). */
export async function caseToRequestOn(actor: Actor, caseId: string): Promise<CaseDoc> {
  const c = await loadVisibleCase(actor, caseId);
  authorize(actor, 'equipment:request', { case: accessOf(c) });
  return c;
}

export async function requestUse(
  ctx: AppContext,
  actor: Actor,
  equipmentId: string,
  c: CaseDoc,
  input: UseRequestInput,
) {
  const item = await getEquipment(equipmentId);
  if (!OPEN_STATUSES.includes(c.status as CaseStatus))
    throw conflict('장비 사용은 진행 중인 과제(접수~진행 중)에서만 요청할 수 있습니다.');
  if (item.status !== 'available') throw conflict('지금은 사용할 수 없는 장비입니다 (수리 중이거나 사용 중지).');
  const open = (await usesOfCase(ctx, c)).filter((u) => OPEN_USE_STATUSES.includes(u.status as UseStatus));
  if (open.some((u) => u.equipmentId === item.id)) throw conflict('이 과제에서 이미 요청한 장비입니다.');
  const company = await Company.findById(c.companyId, { designations: 1, designationClaims: 1 }).lean();
  const now = ctx.now();
  const link = {
    useId: new mongoose.Types.ObjectId().toHexString(),
    equipmentId: item.id,
    equipmentName: item.name,
    equipmentNameEn: item.nameEn,
    instituteCode: item.institute.code,
    purpose: input.purpose,
    sampleCount: input.sampleCount,
    sampleKind: input.sampleKind ?? '',
    desiredFrom: input.desiredFrom,
    desiredTo: input.desiredTo,
    ...(input.note ? { note: input.note } : {}),
    discount: company ? hasEquipmentDiscount(company, now) : false,
    requestedAt: now,
    requestedBy: { id: actor.id, name: actor.name },
  };
  const updated = await updateCase(
    actor,
    c,
    {
      set: { equipmentRequests: [...(c.equipmentRequests ?? []), link] },
      audit: { action: 'equipment-request', detail: `${item.institute.code} ${item.name}` },
    },
    now,
  );
  const record = recordOf(updated, link as CaseLink);
  await saveRecord(record);
  await notifyUseChange(ctx, actor, record, c);
  return { case: updated, use: await loadUse(String(record._id)), item };
}

async function loadUse(id: string): Promise<UseDoc> {
  if (!mongoose.isValidObjectId(id)) throw notFound('장비 사용 요청을 찾을 수 없습니다.');
  const found = await EquipmentUse.findById(id).lean<UseDoc>();
  if (!found) throw notFound('장비 사용 요청을 찾을 수 없습니다.');
  return found;
}

export type LoadedUse = { use: UseDoc; c: CaseDoc };

/** A request and its case, if the actor may see the case (404 otherwise). */
export async function loadVisibleUse(actor: Actor, id: string): Promise<LoadedUse> {
  const use = await loadUse(id);
  const c = await loadVisibleCase(actor, String(use.caseId));
  return { use, c };
}

/** A request the actor may handle (the instrument's institute) or cancel, authorised before its form is read. */
export async function useToChange(actor: Actor, id: string, action: 'equipment:handle' | 'equipment:cancel') {
  const loaded = await loadVisibleUse(actor, id);
  authorize(actor, action, { case: accessOf(loaded.c), instituteCode: loaded.use.instituteCode });
  return loaded;
}

type Move = { to: UseStatus; action: string; set?: Record<string, unknown>; detail?: string };

/** One conditional write on the request's revision and status, with its history entry. */
async function moveUse(actor: Actor, use: UseDoc, move: Move, now: Date): Promise<UseDoc> {
  const next = { ...use, ...move.set, status: move.to };
  const entry = {
    at: now,
    actorId: actor.id,
    actorName: actor.name,
    actorRole: actor.role,
    action: move.action,
    from: use.status,
    to: move.to,
    ...(move.detail ? { detail: move.detail } : {}),
  };
  const done = await EquipmentUse.findOneAndUpdate(
    { _id: use._id, rev: use.rev, status: use.status },
    {
      $set: { ...move.set, status: move.to, listKeys: useListKeys(next, now), rev: use.rev + 1 },
      $push: { history: entry },
    },
    { returnDocument: 'after' },
  ).lean<UseDoc>();
  if (!done) throw conflict(CONCURRENT_CHANGE);
  return done;
}

function mustBe(use: UseDoc, allowed: UseStatus[], message: string): void {
  if (!allowed.includes(use.status as UseStatus)) throw conflict(message);
}

export async function confirmUse(ctx: AppContext, actor: Actor, { use, c }: LoadedUse, input: ConfirmUseInput) {
  mustBe(use, ['requested'], '요청 상태에서만 일정을 확정할 수 있습니다.');
  const [from, to] = [koreaDay(input.from), koreaDay(input.to)];
  const days = daysBetween(from, to);
  const taken = await bookDays(use.equipmentId, String(use._id), days);
  if (taken) throw conflict(`${taken}에는 이미 예약이 있습니다. 다른 날을 골라 주세요.`);
  const now = ctx.now();
  try {
    const moved = await moveUse(
      actor,
      use,
      { to: 'scheduled', action: 'scheduled', set: { slot: { from, to }, feeEstimate: input.feeEstimate } },
      now,
    );
    await notifyUseChange(ctx, actor, moved, c);
    return moved;
  } catch (error) {
    await releaseDays(use.equipmentId, String(use._id), days);
    throw error;
  }
}

export async function declineUse(ctx: AppContext, actor: Actor, { use, c }: LoadedUse, reason: string) {
  mustBe(use, ['requested'], '요청 상태에서만 거절할 수 있습니다.');
  const moved = await moveUse(
    actor,
    use,
    { to: 'declined', action: 'declined', set: { reason }, detail: reason },
    ctx.now(),
  );
  await notifyUseChange(ctx, actor, moved, c);
  return moved;
}

export async function completeUse(ctx: AppContext, actor: Actor, { use, c }: LoadedUse, input: CompleteUseInput) {
  mustBe(use, ['scheduled'], '일정이 확정된 요청만 완료할 수 있습니다.');
  const file = c.attachments.find((a) => String(a.fileId) === input.reportFileId);
  if (!file) throw notFound('시험 성적서 파일을 과제 첨부 파일에서 찾을 수 없습니다.');
  const report = {
    fileId: input.reportFileId,
    filename: file.filename ?? '',
    ...(input.note ? { note: input.note } : {}),
  };
  const moved = await moveUse(
    actor,
    use,
    { to: 'done', action: 'done', set: { report }, detail: report.filename },
    ctx.now(),
  );
  await addSupport(ctx, actor, await loadCase(String(c._id)), supportOf(moved));
  await notifyUseChange(ctx, actor, moved, c);
  return moved;
}

export async function cancelUse(ctx: AppContext, actor: Actor, { use, c }: LoadedUse, reason: string) {
  mustBe(use, ['requested', 'scheduled'], '요청 중이거나 일정이 잡힌 요청만 취소할 수 있습니다.');
  const moved = await moveUse(
    actor,
    use,
    { to: 'cancelled', action: 'cancelled', set: { reason }, detail: reason },
    ctx.now(),
  );
  if (use.slot?.from && use.slot.to)
    await releaseDays(use.equipmentId, String(use._id), daysBetween(use.slot.from, use.slot.to));
  await notifyUseChange(ctx, actor, moved, c);
  return moved;
}

/** How many months of finished requests a list shows. */
const CLOSED_MONTHS = 3;

function ownerKey(actor: Actor): string | null {
  if (actor.role === 'company' && actor.companyId) return `company:${actor.companyId}`;
  if ((actor.role === 'engineer' || actor.role === 'institute_manager') && actor.instituteCode)
    return `inst:${actor.instituteCode}`;
  return actor.role === 'coordinator' || actor.role === 'admin' ? 'desk' : null;
}

/**
 * The actor's use requests: its institute's, its company's, or every one for the desk.
 * Open ones all; finished ones of the last CLOSED_MONTHS months. Each list is one
 * equality on `listKeys`, bounded by what is open or by a month.
 */
export async function useInbox(actor: Actor, now: Date): Promise<{ open: UseDoc[]; closed: UseDoc[] }> {
  const owner = ownerKey(actor);
  if (!owner) return { open: [], closed: [] };
  const months = Array.from({ length: CLOSED_MONTHS }, (_, i) => {
    const at = new Date(now);
    at.setUTCMonth(at.getUTCMonth() - i, 15);
    return koreaDay(at).slice(0, 7);
  });
  const [open, ...closed] = await Promise.all([
    EquipmentUse.find({ listKeys: `${owner}:open` }).lean<UseDoc[]>(),
    ...months.map((m) => EquipmentUse.find({ listKeys: `${owner}:closed:${m}` }).lean<UseDoc[]>()),
  ]);
  const newest = (a: UseDoc, b: UseDoc) => b.requestedAt.getTime() - a.requestedAt.getTime();
  return { open: (open ?? []).sort(newest), closed: closed.flat().sort(newest) };
}
