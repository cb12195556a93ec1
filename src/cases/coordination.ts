// The support desk's tools on a case: joint teams, due dates, and re-running routing;
// plus progress notes by the team.
import type { Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { badRequest, conflict } from '../core/errors';
import { validate } from '../core/http/validate';
import { Institute } from '../institutes/model';
import { caseMembers, notify } from '../notifications/service';
import { authorize } from '../policy/policy';
import { addBusinessHours } from './business-hours';
import { OPEN_STATUSES, type CaseStatus } from './lifecycle';
import { declinedParticipants, membersFor, teamLabel } from './members';
import type { CaseDoc } from './model';
import { dueSchema, noteSchema, teamSchema } from './schemas';
import { recordOverride, routeSubmitted } from './transitions';
import { accessOf, loadVisibleCase, updateCase } from './store';

const isOpen = (c: CaseDoc) => OPEN_STATUSES.includes(c.status as CaseStatus);

async function assertInstitutesExist(codes: string[]): Promise<void> {
  const found = new Set((await Institute.find({ code: { $in: codes } }, { code: 1 }).lean()).map((i) => i.code));
  const missing = codes.filter((c) => !found.has(c));
  if (missing.length)
    throw badRequest('없는 기관이 있습니다.', { participants: `알 수 없는 기관 코드: ${missing.join(', ')}` });
}

// Each tool takes the request body as it came: who may use it is checked, and the
// case's state, before any field of the body is (a refusal never reads as a typo).

/**
 * Sets the team: the lead and the participants. A new lead gets the case offered afresh;
 * a new participant is asked to confirm its part (members.ts). Saving also answers the
 * declines on record, so saving the same team clears them and says nothing else.
 */
export async function setTeam(ctx: AppContext, actor: Actor, id: string, body: unknown) {
  const c = await loadVisibleCase(actor, id);
  authorize(actor, 'case:coordinate', { case: accessOf(c) });
  if (!isOpen(c)) throw conflict('지원팀은 접수부터 진행 중까지의 과제에서만 바꿀 수 있습니다.');
  const team = validate(teamSchema, body);
  if (team.participants.includes(team.lead))
    throw badRequest('입력값을 확인해 주세요.', {
      participants: `${team.lead}은(는) 주관 기관입니다. 참여 기관에서 빼 주세요.`,
    });
  const participants = [...new Set(team.participants)];
  await assertInstitutesExist([team.lead, ...participants]);
  const leadChanged = team.lead !== c.lead;
  const sameParticipants =
    participants.length === c.participants.length && participants.every((p) => c.participants.includes(p));
  if (!leadChanged && sameParticipants && !declinedParticipants(c).length) return c;
  if (!leadChanged && sameParticipants) return clearDeclines(ctx, actor, c);
  const now = ctx.now();
  const set: Record<string, unknown> = {
    lead: team.lead,
    participants,
    members: membersFor(c, participants, now, true),
  };
  if (leadChanged) {
    await recordOverride(c, team.lead, c.lead ?? undefined);
    Object.assign(set, {
      status: 'routed',
      offeredTo: team.lead,
      routedAt: now,
      acceptBy: addBusinessHours(now, ctx.config.slaAcceptHours),
      escalated: false,
    });
  }
  const updated = await updateCase(
    actor,
    c,
    {
      set,
      unset: leadChanged ? ['assignedEngineer'] : [],
      audit: {
        action: 'team',
        from: teamLabel(c.lead, c.participants),
        to: teamLabel(team.lead, participants),
        detail: { key: participants.length ? 'auditJointTeam' : 'auditSingleTeam' },
      },
      event: {
        kind: 'team',
        message: { key: 'teamChanged', params: { team: teamLabel(team.lead, participants) } },
        teamChanged: true,
      },
    },
    now,
  );
  const added = [team.lead, ...participants].filter((code) => code !== c.lead && !c.participants.includes(code));
  if (added.length) {
    await notify(
      ctx,
      {
        caseId: c._id,
        caseNumber: c.number,
        kind: 'team',
        message: { key: 'joinedTeam', params: { title: c.title, team: teamLabel(team.lead, participants) } },
        to: added.map((institute) => ({ institute })),
        email: true,
      },
      actor,
    );
  }
  return updated;
}

/** The desk saw the declines and keeps the team as it is. */
function clearDeclines(ctx: AppContext, actor: Actor, c: CaseDoc): Promise<CaseDoc> {
  const now = ctx.now();
  return updateCase(
    actor,
    c,
    {
      set: { members: membersFor(c, c.participants, now, true) },
      audit: {
        action: 'team',
        detail: { key: 'auditDeclinesSeen', params: { team: teamLabel(c.lead, c.participants) } },
      },
    },
    now,
  );
}

export async function setDueDate(ctx: AppContext, actor: Actor, id: string, body: unknown) {
  const c = await loadVisibleCase(actor, id);
  authorize(actor, 'case:coordinate', { case: accessOf(c) });
  if (!isOpen(c)) throw conflict('기한은 접수부터 진행 중까지의 과제에만 정할 수 있습니다.');
  const { dueAt } = validate(dueSchema, body);
  const format = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : '-');
  return updateCase(
    actor,
    c,
    {
      set: dueAt ? { dueAt } : {},
      unset: dueAt ? [] : ['dueAt'],
      audit: { action: 'due', from: format(c.dueAt), to: format(dueAt) },
    },
    ctx.now(),
  );
}

/** Routes the case again with the current catalogue and signals (coordinator). */
export async function rerouteCase(ctx: AppContext, actor: Actor, id: string): Promise<CaseDoc> {
  const c = await loadVisibleCase(actor, id);
  authorize(actor, 'case:coordinate', { case: accessOf(c) });
  if (c.status !== 'submitted' && c.status !== 'routed') {
    throw conflict(
      '재추천은 접수 또는 기관 배정 상태에서만 할 수 있습니다. 진행 중인 과제는 지원팀을 직접 바꿔 주세요.',
    );
  }
  return routeSubmitted(ctx, c, actor);
}

export async function addNote(ctx: AppContext, actor: Actor, id: string, body: unknown): Promise<CaseDoc> {
  const c = await loadVisibleCase(actor, id);
  authorize(actor, 'case:note', { case: accessOf(c) });
  const { text } = validate(noteSchema, body);
  const now = ctx.now();
  const note = { at: now, by: actor.id, byName: actor.name, instituteCode: actor.instituteCode, text };
  const updated = await updateCase(actor, c, { set: {}, push: { notes: note }, audit: { action: 'note' } }, now);
  await notify(
    ctx,
    {
      caseId: c._id,
      caseNumber: c.number,
      kind: 'note',
      message: { key: 'noteAdded', params: { author: actor.name, title: c.title } },
      to: caseMembers(accessOf(c)),
    },
    actor,
  );
  return updated;
}
