// How a case is shown: the JSON shape of the API, shared by the pages.
import type { Actor } from '../accounts/roles';
import { isAllowed } from '../policy/policy';
import { availableActions, STATUS_LABELS, OPEN_STATUSES, type CaseStatus } from './lifecycle';
import type { CaseDoc } from './model';
import { DEFAULT_LOCALE, translate, type Locale } from '../i18n/i18n';
import { storedText, type MessageFormat } from '../i18n/messages';
import { accessOf, SYSTEM_ACTOR } from './store';
import { deskTodo, slaClock } from './desk-todo';

export function isOverdue(c: Pick<CaseDoc, 'status' | 'acceptBy' | 'dueAt'>, now: Date): boolean {
  const open = OPEN_STATUSES.includes(c.status as CaseStatus);
  return (c.status === 'routed' && !!c.acceptBy && c.acceptBy < now) || (open && !!c.dueAt && c.dueAt < now);
}

/** What a list row shows: a stored case, or its lean row (rows.ts). */
type Summarized = Pick<
  CaseDoc,
  | 'number'
  | 'title'
  | 'companyName'
  | 'status'
  | 'supplyChainItem'
  | 'lead'
  | 'participants'
  | 'offeredTo'
  | 'escalated'
  | 'dueAt'
  | 'acceptBy'
  | 'submittedAt'
  | 'pendingParticipants'
  | 'declinedParticipants'
  | 'companyDesignated'
> & { _id: unknown; updatedAt?: Date | null };

export function caseSummary(c: Summarized, now: Date) {
  return {
    id: String(c._id),
    number: c.number,
    title: c.title,
    companyName: c.companyName,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status as CaseStatus],
    supplyChainItem: c.supplyChainItem,
    companyDesignated: c.companyDesignated ?? false,
    lead: c.lead ?? null,
    participants: c.participants,
    offeredTo: c.offeredTo ?? null,
    convergence: c.participants.length > 0,
    // A joint team is formed once every participant has accepted its part (members.ts).
    teamForming: (c.pendingParticipants?.length ?? 0) > 0,
    todo: deskTodo(c) ?? null,
    sla: slaClock(c, now) ?? null,
    escalated: c.escalated,
    open: OPEN_STATUSES.includes(c.status as CaseStatus),
    overdue: isOverdue(c, now),
    dueAt: c.dueAt ?? null,
    acceptBy: c.acceptBy ?? null,
    submittedAt: c.submittedAt ?? null,
    updatedAt: c.updatedAt ?? null,
  };
}

export function caseDetail(c: CaseDoc, actor: Actor, now: Date) {
  const access = accessOf(c);
  return {
    ...caseSummary(c, now),
    description: c.description,
    industry: c.industry ?? null,
    field: c.field ?? null,
    supportTypes: c.supportTypes,
    desiredEquipment: c.desiredEquipment ?? null,
    wishedBy: c.wishedBy ?? null,
    region: c.region ?? null,
    attachments: c.attachments.map((a) => ({
      id: String(a.fileId),
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      uploadedAt: a.uploadedAt ?? null,
      uploadedBy: a.uploadedByName ?? null,
      removable: c.status !== 'closed' && isAllowed(actor, 'case:detach', { case: access, uploadedBy: a.uploadedBy }),
    })),
    routing: c.routing
      ? {
          ranked: c.routing.ranked,
          team: c.routing.team,
          convergence: c.routing.convergence,
          skipped: c.routing.skipped,
          catalogueVersion: c.routing.catalogueVersion,
          routedAt: c.routing.routedAt,
        }
      : null,
    declines: c.declines.map((d) => ({ institute: d.institute, reason: d.reason, at: d.at })),
    // Each participant's answer; why one declined is for the desk and the institutes, not the company.
    members: (c.members ?? []).map((m) => ({
      institute: m.institute,
      state: m.state,
      engineer: m.engineer?.name ?? null,
      reason: actor.role === 'company' ? null : (m.reason ?? null),
      askedAt: m.askedAt ?? null,
      answeredAt: m.answeredAt ?? null,
    })),
    assignedEngineer: c.assignedEngineer ?? null,
    outcome: c.outcome ?? null,
    rating: c.rating ?? null,
    equipmentRequests: (c.equipmentRequests ?? []).map((r) => ({
      equipmentId: r.equipmentId,
      equipmentName: r.equipmentName,
      instituteCode: r.instituteCode,
      note: r.note ?? null,
      discount: r.discount,
      requestedAt: r.requestedAt,
      requestedBy: r.requestedBy?.name ?? null,
    })),
    notes: c.notes,
    supports: (c.supports ?? []).map((s) => ({
      type: s.type,
      institute: s.institute,
      deliveredAt: s.deliveredAt,
      equipmentName: s.equipmentName ?? null,
      note: s.note ?? null,
      recordedBy: s.recordedBy?.name ?? null,
    })),
    timeline: c.audit
      .filter((a) => !!a.to && a.to in STATUS_LABELS)
      .map((a) => ({ at: a.at, action: a.action, to: a.to, toLabel: STATUS_LABELS[a.to as CaseStatus] ?? a.to })),
    actions: availableActions(c.status as CaseStatus).filter((action) =>
      isAllowed(actor, action === 'reassign' ? 'case:coordinate' : (`case:${action}` as const), { case: access }),
    ),
    rev: c.rev,
  };
}

/** A status or institute code as the reader reads it. */
const auditValue = (value: string | null | undefined, locale: Locale) =>
  value && value in STATUS_LABELS ? translate(locale, `status.${value}`) : (value ?? null);

export function auditView(c: CaseDoc, locale: Locale = DEFAULT_LOCALE, format: MessageFormat = 'text') {
  return c.audit.map((a) => ({
    at: a.at,
    actor: {
      id: a.actorId,
      name: a.actorId === SYSTEM_ACTOR.id ? translate(locale, 'common.system') : a.actorName,
      role: a.actorRole,
    },
    action: a.action,
    actionLabel: translate(locale, `auditActions.${a.action}`, { defaultValue: a.action }),
    from: auditValue(a.from, locale),
    to: auditValue(a.to, locale),
    detail: storedText(locale, a.detailMessage, a.detail, format),
  }));
}
