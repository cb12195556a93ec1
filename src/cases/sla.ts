// Service levels: a routed case not accepted by its acceptBy deadline is escalated
// to the coordinators once. Overdue marks in lists are derived (see view.ts).
import type { AppContext } from '../core/context';
import type { Job } from '../core/jobs';
import { notify } from '../notifications/service';
import { Case, type CaseDoc } from './model';
import { SYSTEM_ACTOR, updateCase } from './store';

export async function escalateLateCases(ctx: AppContext): Promise<number> {
  const now = ctx.now();
  const late = await Case.find({ status: 'routed', escalated: false, acceptBy: { $lt: now } }).lean<CaseDoc[]>();
  let escalated = 0;
  for (const c of late) {
    try {
      await updateCase(
        SYSTEM_ACTOR,
        c,
        {
          set: { escalated: true, escalatedAt: now },
          audit: { action: 'escalate', detail: `${c.offeredTo}이(가) 기한 내 수락하지 않음` },
        },
        now,
      );
      escalated++;
      await notify(ctx, {
        caseId: c._id,
        caseNumber: c.number,
        kind: 'escalated',
        text: `수락 기한이 지났습니다 (${c.offeredTo}): ${c.title}`,
        to: [{ desk: true }],
        email: true,
      });
    } catch (error) {
      // A concurrent change (e.g. an accept) won the race: nothing to escalate.
      ctx.log.debug({ err: error, caseId: String(c._id) }, 'escalation skipped');
    }
  }
  return escalated;
}

export const escalationJob = (ctx: AppContext): Job => ({
  name: 'escalation',
  everyMs: 60_000,
  run: () => escalateLateCases(ctx),
});
