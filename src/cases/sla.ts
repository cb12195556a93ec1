// Service levels: a routed case not accepted by its acceptBy deadline is escalated
// to the coordinators once, and a submitted case whose routing never ran is routed.
// Overdue marks in lists are derived (see view.ts).
import type { AppContext } from '../core/context';
import type { Job } from '../core/jobs';
import { notify } from '../notifications/service';
import { Case, type CaseDoc } from './model';
import { SYSTEM_ACTOR, updateCase } from './store';
import { routeSubmitted } from './transitions';

/** How long a submit may take between its two writes (submitted, then routed). */
const SUBMIT_GRACE_MS = 60_000;

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
          audit: { action: 'escalate', detail: { key: 'auditNotAccepted', params: { institute: c.offeredTo ?? '' } } },
        },
        now,
      );
      escalated++;
      await notify(ctx, {
        caseId: c._id,
        caseNumber: c.number,
        kind: 'escalated',
        message: { key: 'acceptOverdue', params: { institute: c.offeredTo ?? '', title: c.title } },
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

/**
 * Routes the submitted cases whose routing never ran: a submit is two writes (the case
 * submitted, then routed), and a failure between them leaves a case nobody is offered.
 * A case the routing sent to the desk (escalated) is the desk's, not stranded.
 */
export async function routeStrandedSubmissions(ctx: AppContext): Promise<number> {
  const cutoff = ctx.now().getTime() - SUBMIT_GRACE_MS;
  const submitted = await Case.find({ status: 'submitted' }).lean<CaseDoc[]>();
  const stranded = submitted.filter((c) => !c.escalated && !c.routing && (c.submittedAt?.getTime() ?? 0) < cutoff);
  let routed = 0;
  for (const c of stranded) {
    try {
      await routeSubmitted(ctx, c);
      routed++;
    } catch (error) {
      ctx.log.warn({ err: error, caseId: String(c._id) }, 'stranded submission not routed yet');
    }
  }
  return routed;
}

export const strandedSubmissionJob = (ctx: AppContext): Job => ({
  name: 'stranded submission sweep',
  everyMs: 60_000,
  run: () => routeStrandedSubmissions(ctx),
});
