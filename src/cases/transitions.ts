// The lifecycle actions: submit (and route at once), accept, decline (and offer the
// next candidate), start, resolve, close, and the coordinator's reassign.
import { User } from '../accounts/model';
import type { Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { badRequest } from '../core/errors';
import { validate } from '../core/http/validate';
import { Institute } from '../institutes/model';
import type { LocalMessage } from '../i18n/messages';
import { notify } from '../notifications/service';
import { authorize, type Action } from '../policy/policy';
import { recordFeedback } from '../routing/feedback-store';
import { routeRequest } from '../routing/service';
import type { RoutingResult } from '../routing/types';
import { addBusinessHours } from './business-hours';
import { assertTransition, type CaseStatus, type TransitionAction } from './lifecycle';
import { membersFor } from './members';
import type { CaseDoc } from './model';
import { actionSchema, transitionSchema, type TransitionInput } from './schemas';
import { accessOf, loadVisibleCase, SYSTEM_ACTOR, updateCase, type CaseChange } from './store';

const STORED_RANKING = 10;

/** The request as routing feedback reads it. */
export const requestText = (c: CaseDoc) => `${c.title}\n${c.description}`;

function statusChange(c: CaseDoc, to: CaseStatus, action: string, detail?: LocalMessage): CaseChange['audit'] {
  return { action, from: c.status, to, ...(detail ? { detail } : {}) };
}

/** The case as the routing engine reads it. */
function routingRequestOf(c: CaseDoc) {
  return {
    title: c.title,
    description: c.description,
    industry: c.industry ?? undefined,
    field: c.field ?? undefined,
    supportTypes: c.supportTypes,
    equipment: c.desiredEquipment ?? undefined,
    region: c.region ?? undefined,
    supplyChainItem: c.supplyChainItem,
  };
}

function storedRouting(result: RoutingResult, at: Date) {
  return {
    ranked: result.ranked
      .slice(0, STORED_RANKING)
      .map((r) => ({ institute: r.institute, score: r.score, reasons: r.reasons, match: r.match })),
    team: result.team,
    convergence: result.convergence,
    aspects: result.aspects,
    skipped: result.skipped.map((s) => ({ institute: s.institute, status: s.status, reason: s.reason })),
    catalogueVersion: result.catalogueVersion,
    routedAt: at,
  };
}

function offerTo(ctx: AppContext, c: CaseDoc, institute: string, participants: string[], now: Date) {
  const others = participants.filter((p) => p !== institute);
  return {
    status: 'routed',
    lead: institute,
    offeredTo: institute,
    participants: others,
    members: membersFor(c, others, now),
    routedAt: now,
    acceptBy: addBusinessHours(now, ctx.config.slaAcceptHours),
    escalated: false,
  };
}

async function announceOffer(ctx: AppContext, c: CaseDoc): Promise<void> {
  if (!c.offeredTo) return;
  const team = [c.lead, ...c.participants].filter(Boolean).join(' + ');
  await notify(ctx, {
    caseId: c._id,
    caseNumber: c.number,
    kind: 'routed',
    message: c.participants.length
      ? { key: 'offeredJoint', params: { title: c.title, team } }
      : { key: 'offered', params: { title: c.title } },
    to: [{ institute: c.offeredTo }, ...c.participants.map((p) => ({ institute: p }))],
    email: true,
  });
}

/** Sends a case no institute can take back to the desk, in the same update as `extra`. */
async function escalateUnrouted(
  ctx: AppContext,
  actor: Actor,
  c: CaseDoc,
  why: LocalMessage,
  extra: Pick<CaseChange, 'push'> & { set?: CaseChange['set'] } = {},
): Promise<CaseDoc> {
  const now = ctx.now();
  const updated = await updateCase(
    actor,
    c,
    {
      set: { ...extra.set, status: 'submitted', escalated: true, escalatedAt: now },
      unset: ['lead', 'offeredTo', 'assignedEngineer'],
      push: extra.push,
      audit: statusChange(c, 'submitted', 'escalate', why),
      event: { kind: 'escalated', message: { key: 'escalatedChat' }, teamChanged: true },
    },
    now,
  );
  await notify(ctx, {
    caseId: c._id,
    caseNumber: c.number,
    kind: 'escalated',
    message: { key: 'escalatedDesk', params: { title: c.title } },
    to: [{ desk: true }],
    email: true,
  });
  return updated;
}

/** Routes a submitted case with the engine and offers it to the proposed lead. */
export async function routeSubmitted(ctx: AppContext, c: CaseDoc, actor: Actor = SYSTEM_ACTOR): Promise<CaseDoc> {
  const result = await routeRequest(routingRequestOf(c));
  const now = ctx.now();
  const [lead, ...participants] = result.team;
  if (!lead)
    return escalateUnrouted(
      ctx,
      actor,
      c,
      { key: 'auditNoCandidate' },
      { set: { routing: storedRouting(result, now) } },
    );
  const team = { lead, participants: participants.join(', ') };
  const updated = await updateCase(
    actor,
    c,
    {
      set: { ...offerTo(ctx, c, lead, participants, now), routing: storedRouting(result, now) },
      unset: ['assignedEngineer'],
      audit: statusChange(c, 'routed', 'route', {
        key: participants.length ? 'auditLeadWith' : 'auditLead',
        params: team,
      }),
      event: {
        kind: 'routed',
        message: { key: participants.length ? 'routedJoint' : 'routedSingle', params: team },
        teamChanged: true,
      },
    },
    now,
  );
  await announceOffer(ctx, updated);
  return updated;
}

async function nextCandidate(c: CaseDoc, declined: Set<string>): Promise<string | undefined> {
  const ranked = (c.routing?.ranked ?? []).map((r) => r.institute).filter((code): code is string => !!code);
  const available = new Set(
    (await Institute.find({ code: { $in: ranked }, status: 'active' }, { code: 1 }).lean()).map((i) => i.code),
  );
  return ranked.find((code) => !declined.has(code) && available.has(code));
}

/** The engineer who takes the case (or a participant's part) for the actor's institute. */
export async function assignedEngineer(actor: Actor, engineerId: string | undefined) {
  if (!engineerId || engineerId === actor.id) return { id: actor.id, name: actor.name };
  if (actor.role !== 'institute_manager')
    throw badRequest('다른 엔지니어를 지정할 수 없습니다.', {
      engineerId: '기관 관리자만 담당자를 지정할 수 있습니다.',
    });
  const engineer = await User.findOne({ _id: engineerId, instituteCode: actor.instituteCode, active: true }).lean();
  if (!engineer) throw badRequest('담당자를 찾을 수 없습니다.', { engineerId: '같은 기관의 엔지니어를 골라 주세요.' });
  return { id: String(engineer._id), name: engineer.name };
}

type Handler<A extends TransitionAction> = (
  ctx: AppContext,
  actor: Actor,
  c: CaseDoc,
  input: Extract<TransitionInput, { action: A }>,
) => Promise<CaseDoc>;

const submit: Handler<'submit'> = async (ctx, actor, c) => {
  const now = ctx.now();
  const submitted = await updateCase(
    actor,
    c,
    { set: { status: 'submitted', submittedAt: now }, audit: statusChange(c, 'submitted', 'submit') },
    now,
  );
  return routeSubmitted(ctx, submitted);
};

const accept: Handler<'accept'> = async (ctx, actor, c, input) => {
  const now = ctx.now();
  const engineer = await assignedEngineer(actor, input.engineerId);
  const accepted = { institute: c.offeredTo ?? '', engineer: engineer.name };
  const updated = await updateCase(
    actor,
    c,
    {
      set: { status: 'accepted', acceptedAt: now, assignedEngineer: engineer, escalated: false },
      audit: statusChange(c, 'accepted', 'accept', { key: 'auditAccepted', params: accepted }),
      event: { kind: 'accepted', message: { key: 'accepted', params: accepted } },
    },
    now,
  );
  await notify(
    ctx,
    {
      caseId: c._id,
      caseNumber: c.number,
      kind: 'accepted',
      message: { key: 'accepted', params: accepted },
      to: [{ company: String(c.companyId) }],
      email: true,
    },
    actor,
  );
  return updated;
};

const decline: Handler<'decline'> = async (ctx, actor, c, input) => {
  const now = ctx.now();
  const institute = c.offeredTo ?? '';
  const declined = new Set([...c.declines.map((d) => d.institute ?? ''), institute]);
  await recordFeedback({ text: requestText(c), institute, kind: 'decline', caseId: c._id });
  const next = await nextCandidate(c, declined);
  const push = { declines: { institute, reason: input.reason, by: actor.id, at: now } };
  if (!next)
    return escalateUnrouted(
      ctx,
      actor,
      c,
      { key: 'auditDeclinedLast', params: { institute, reason: input.reason } },
      { push },
    );
  const updated = await updateCase(
    actor,
    c,
    {
      set: offerTo(ctx, c, next, c.participants, now),
      push,
      audit: statusChange(c, 'routed', 'decline', {
        key: 'auditDeclined',
        params: { institute, reason: input.reason, next },
      }),
      // The chat says where the case went, not who declined: declines are for the desk.
      event: { kind: 'declined', message: { key: 'reoffered', params: { institute: next } }, teamChanged: true },
    },
    now,
  );
  await announceOffer(ctx, updated);
  return updated;
};

const start: Handler<'start'> = async (ctx, actor, c) => {
  const now = ctx.now();
  return updateCase(
    actor,
    c,
    { set: { status: 'in_progress', startedAt: now }, audit: statusChange(c, 'in_progress', 'start') },
    now,
  );
};

const resolve: Handler<'resolve'> = async (ctx, actor, c, input) => {
  const now = ctx.now();
  const { action: _action, ...outcome } = input;
  const updated = await updateCase(
    actor,
    c,
    {
      set: { status: 'resolved', resolvedAt: now, outcome },
      audit: statusChange(c, 'resolved', 'resolve'),
      event: { kind: 'resolved', message: { key: 'resolvedChat' } },
    },
    now,
  );
  await notify(
    ctx,
    {
      caseId: c._id,
      caseNumber: c.number,
      kind: 'resolved',
      message: { key: 'resolvedCompany', params: { title: c.title } },
      to: [{ company: String(c.companyId) }],
      email: true,
    },
    actor,
  );
  return updated;
};

const close: Handler<'close'> = async (ctx, actor, c, input) => {
  const now = ctx.now();
  const rating = { satisfaction: input.satisfaction, ...(input.comment ? { comment: input.comment } : {}) };
  const updated = await updateCase(
    actor,
    c,
    {
      set: { status: 'closed', closedAt: now, rating },
      audit: statusChange(c, 'closed', 'close', {
        key: 'auditSatisfaction',
        params: { satisfaction: input.satisfaction },
      }),
      event: { kind: 'closed', message: { key: 'closedChat' } },
    },
    now,
  );
  await notify(
    ctx,
    {
      caseId: c._id,
      caseNumber: c.number,
      kind: 'closed',
      message: { key: 'closedLead', params: { satisfaction: input.satisfaction, title: c.title } },
      to: [{ institute: c.lead ?? '-' }],
    },
    actor,
  );
  return updated;
};

/** The outcome did not solve the problem: the lead's team works on, told why. */
const reopen: Handler<'reopen'> = async (ctx, actor, c, input) => {
  const now = ctx.now();
  const updated = await updateCase(
    actor,
    c,
    {
      set: { status: 'in_progress' },
      unset: ['resolvedAt', 'outcome'],
      audit: statusChange(c, 'in_progress', 'reopen', { key: 'auditReopened', params: { reason: input.reason } }),
      event: { kind: 'reopened', message: { key: 'reopenedChat', params: { reason: input.reason } } },
    },
    now,
  );
  await notify(
    ctx,
    {
      caseId: c._id,
      caseNumber: c.number,
      kind: 'reopened',
      message: { key: 'reopenedTeam', params: { title: c.title, reason: input.reason } },
      to: [c.lead, ...c.participants].filter((code): code is string => !!code).map((institute) => ({ institute })),
      email: true,
    },
    actor,
  );
  return updated;
};

const reassign: Handler<'reassign'> = async (ctx, actor, c, input) => {
  if (!(await Institute.exists({ code: input.institute })))
    throw badRequest('기관을 찾을 수 없습니다.', { institute: '기관 코드를 확인해 주세요.' });
  const now = ctx.now();
  const previous = c.lead ?? undefined;
  await recordOverride(c, input.institute, previous);
  const updated = await updateCase(
    actor,
    c,
    {
      set: offerTo(ctx, c, input.institute, c.participants, now),
      unset: ['assignedEngineer'],
      audit: statusChange(c, 'routed', 'reassign', {
        key: 'auditReassigned',
        params: { from: previous ?? '-', to: input.institute },
      }),
      event: {
        kind: 'reassigned',
        message: { key: 'reassigned', params: { institute: input.institute } },
        teamChanged: true,
      },
    },
    now,
  );
  await announceOffer(ctx, updated);
  return updated;
};

/** Remembers a coordinator's correction so similar requests route that way later. */
export async function recordOverride(c: CaseDoc, to: string, from: string | undefined): Promise<void> {
  if (to === from) return;
  await recordFeedback({ text: requestText(c), institute: to, kind: 'override_to', caseId: c._id });
  if (from) await recordFeedback({ text: requestText(c), institute: from, kind: 'override_from', caseId: c._id });
}

const HANDLERS: { [A in TransitionAction]: Handler<A> } = {
  submit,
  accept,
  decline,
  start,
  resolve,
  close,
  reopen,
  reassign,
};

const PERMISSION: Record<TransitionAction, Action> = {
  submit: 'case:submit',
  accept: 'case:accept',
  decline: 'case:decline',
  start: 'case:start',
  resolve: 'case:resolve',
  close: 'case:close',
  reopen: 'case:reopen',
  reassign: 'case:coordinate',
};

/** Checks visibility (404), role (403) and state (409), then applies the action. */
/**
 * Applies a lifecycle action, given the request body as it came. Who may take the
 * action on this case, and whether the case is in a state for it, are decided before
 * any other field of the body is read: a refusal never reads as a typo.
 */
export async function transition(ctx: AppContext, actor: Actor, id: string, body: unknown): Promise<CaseDoc> {
  const { action } = validate(actionSchema, body);
  const c = await loadVisibleCase(actor, id);
  authorize(actor, PERMISSION[action], { case: accessOf(c) });
  assertTransition(action, c.status);
  const input = validate(transitionSchema, body);
  const handler = HANDLERS[input.action] as Handler<TransitionAction>;
  return handler(ctx, actor, c, input);
}
