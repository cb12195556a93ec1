// The supports delivered on a case (consultation, testing, equipment use, researcher
// dispatch… the 13 support types), as the consortium counts them in its yearly figures
// (dashboard/report.ts). Each is one write of the case, with its audit entry; a support
// has a key, so recording the same one twice (an equipment use completed, then its
// repair) keeps one.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { badRequest, conflict } from '../core/errors';
import { validate } from '../core/http/validate';
import { Equipment } from '../equipment/model';
import { authorize } from '../policy/policy';
import { isDesk } from '../accounts/roles';
import type { CaseDoc } from './model';
import { supportSchema } from './schemas';
import { accessOf, loadVisibleCase, updateCase } from './store';

/** Cases on which supports are delivered: accepted, and not yet closed long ago. */
export const SUPPORTED_STATUSES = ['accepted', 'in_progress', 'resolved', 'closed'];

export type Support = {
  key: string;
  type: string;
  institute: string;
  deliveredAt: Date;
  equipmentId?: string;
  equipmentName?: string;
  note?: string;
};

/** Adds a support unless one with its key is already on the case. */
export async function addSupport(ctx: AppContext, actor: Actor, c: CaseDoc, support: Support): Promise<CaseDoc> {
  if ((c.supports ?? []).some((s) => s.key === support.key)) return c;
  const now = ctx.now();
  return updateCase(
    actor,
    c,
    {
      set: {},
      push: { supports: { ...support, recordedBy: { id: actor.id, name: actor.name }, recordedAt: now } },
      audit: {
        action: 'support',
        detail: { key: 'auditSupport', params: { service: support.type, institute: support.institute } },
      },
    },
    now,
  );
}

/** A team institute (or the desk) records a support it delivered. */
export async function recordSupport(ctx: AppContext, actor: Actor, id: string, body: unknown): Promise<CaseDoc> {
  const c = await loadVisibleCase(actor, id);
  authorize(actor, 'case:support', { case: accessOf(c) });
  if (!SUPPORTED_STATUSES.includes(c.status)) throw conflict('지원 실적은 기관이 수락한 과제에만 기록할 수 있습니다.');
  const input = validate(supportSchema, body);
  const team = [c.lead, ...c.participants].filter(Boolean);
  if (!team.includes(input.institute))
    throw badRequest('입력값을 확인해 주세요.', { institute: '지원팀에 속한 기관을 골라 주세요.' });
  if (!isDesk(actor) && input.institute !== actor.instituteCode)
    throw badRequest('입력값을 확인해 주세요.', { institute: '소속 기관의 지원 실적만 기록할 수 있습니다.' });
  const item = input.equipmentId ? await Equipment.findById(input.equipmentId, { name: 1 }).lean() : undefined;
  if (input.equipmentId && !item)
    throw badRequest('입력값을 확인해 주세요.', { equipmentId: '장비 목록에 없는 장비입니다.' });
  return addSupport(ctx, actor, c, {
    key: randomUUID(),
    type: input.type,
    institute: input.institute,
    deliveredAt: input.deliveredAt,
    ...(item ? { equipmentId: String(item._id), equipmentName: item.name } : {}),
    ...(input.note ? { note: input.note } : {}),
  });
}
