// Who hears of each step of a use request: the instrument's institute when a company
// asks or cancels, the company when the institute confirms, declines, completes or
// cancels, and the desk when the institute is not on the case's team.
import type { Actor } from '../accounts/roles';
import type { CaseDoc } from '../cases/model';
import type { AppContext } from '../core/context';
import type { LocalMessage } from '../i18n/messages';
import { notify, type Audience } from '../notifications/service';

type UseFacts = {
  status: string;
  instituteCode: string;
  equipmentName: string;
  companyName: string;
  discount?: boolean | null;
  slot?: { from?: string | null; to?: string | null } | null;
  feeEstimate?: number | null;
  reason?: string | null;
};

function messageOf(use: UseFacts): LocalMessage {
  const base = { company: use.companyName, equipment: use.equipmentName, institute: use.instituteCode };
  switch (use.status) {
    case 'requested':
      return { key: use.discount ? 'equipmentRequestedDiscount' : 'equipmentRequested', params: base };
    case 'scheduled':
      return {
        key: 'equipmentScheduled',
        params: {
          ...base,
          from: use.slot?.from ?? '',
          to: use.slot?.to ?? '',
          fee: (use.feeEstimate ?? 0).toLocaleString('ko-KR'),
        },
      };
    case 'declined':
      return { key: 'equipmentDeclined', params: { ...base, reason: use.reason ?? '' } };
    case 'done':
      return { key: 'equipmentDone', params: base };
    default:
      return { key: 'equipmentCancelled', params: { ...base, reason: use.reason ?? '' } };
  }
}

function audienceOf(use: UseFacts, actor: Actor, c: CaseDoc): Audience[] {
  const company = { company: String(c.companyId) };
  const institute = { institute: use.instituteCode };
  if (use.status === 'requested') return [institute];
  if (use.status === 'cancelled') return actor.role === 'company' ? [institute] : [company, institute];
  return [company];
}

export async function notifyUseChange(ctx: AppContext, actor: Actor, use: UseFacts, c: CaseDoc): Promise<void> {
  const event = { caseId: c._id, caseNumber: c.number, kind: 'equipment-request' };
  await notify(ctx, { ...event, message: messageOf(use), to: audienceOf(use, actor, c), email: true }, actor);
  const onTeam = c.lead === use.instituteCode || c.participants.includes(use.instituteCode);
  if (use.status === 'requested' && !onTeam)
    await notify(
      ctx,
      {
        ...event,
        message: {
          key: 'equipmentOutsideTeam',
          params: { equipment: use.equipmentName, institute: use.instituteCode },
        },
        to: [{ desk: true }],
      },
      actor,
    );
}
