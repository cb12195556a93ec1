// A participant institute's answer to joining a joint team (members.ts): it accepts its
// part, naming the engineer who does it, or declines with a reason, which takes it off
// the team and tells the desk. Like the lead's accept, one conditional write.
import type { Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { conflict } from '../core/errors';
import { validate } from '../core/http/validate';
import { notify } from '../notifications/service';
import { authorize } from '../policy/policy';
import { isOpenStatus } from './list-keys';
import { membersFor, teamLabel, type Member } from './members';
import type { CaseDoc } from './model';
import { participationSchema } from './schemas';
import { accessOf, loadVisibleCase, updateCase } from './store';
import { recordFeedback } from '../routing/feedback-store';
import { assignedEngineer, requestText } from './transitions';

function answered(c: CaseDoc, institute: string, now: Date, answer: Partial<Member>): Member[] {
  return membersFor(c, c.participants, now).map((m) =>
    m.institute === institute ? { ...m, ...answer, answeredAt: now } : m,
  );
}

export async function answerParticipation(ctx: AppContext, actor: Actor, id: string, body: unknown) {
  const c = await loadVisibleCase(actor, id);
  authorize(actor, 'case:participate', { case: accessOf(c) });
  if (!isOpenStatus(c.status)) throw conflict('진행이 끝난 과제에는 참여 여부를 답할 수 없습니다.');
  const input = validate(participationSchema, body);
  const institute = actor.instituteCode ?? '';
  const now = ctx.now();
  if (input.answer === 'accept') {
    const engineer = await assignedEngineer(actor, input.engineerId);
    const joined = { institute, engineer: engineer.name };
    return updateCase(
      actor,
      c,
      {
        set: { members: answered(c, institute, now, { state: 'accepted', engineer }) },
        audit: { action: 'join', detail: { key: 'auditJoined', params: joined } },
        event: { kind: 'joined', message: { key: 'joinedChat', params: joined } },
      },
      now,
    );
  }
  // Like a lead's decline, a participant's is a routing signal for similar requests.
  await recordFeedback({ text: requestText(c), institute, kind: 'decline', caseId: c._id });
  const participants = c.participants.filter((p) => p !== institute);
  const members = answered(c, institute, now, { state: 'declined', reason: input.reason });
  const updated = await updateCase(
    actor,
    c,
    {
      set: { participants, members },
      audit: { action: 'leave', detail: { key: 'auditLeft', params: { institute, reason: input.reason } } },
      // The chat says how the team now stands, not who declined: declines are for the desk.
      event: {
        kind: 'team',
        message: { key: 'teamChanged', params: { team: teamLabel(c.lead, participants) } },
        teamChanged: true,
      },
    },
    now,
  );
  await notify(
    ctx,
    {
      caseId: c._id,
      caseNumber: c.number,
      kind: 'team',
      message: { key: 'participantDeclined', params: { institute, title: c.title, reason: input.reason } },
      to: [{ desk: true }],
      email: true,
    },
    actor,
  );
  return updated;
}
