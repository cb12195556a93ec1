// A case as the dashboard reads it: the few fields the figures use, and the pure
// mapping from a stored case to a row of figures.ts.
import type { CaseRow } from './figures';

export const ROW_PROJECTION = {
  number: 1,
  companyId: 1,
  'supports.type': 1,
  'supports.institute': 1,
  'supports.deliveredAt': 1,
  'outcome.technologyFeeKrw': 1,
  title: 1,
  companyName: 1,
  status: 1,
  industry: 1,
  field: 1,
  lead: 1,
  participants: 1,
  'declines.institute': 1,
  'declines.at': 1,
  submittedAt: 1,
  acceptedAt: 1,
  resolvedAt: 1,
  closedAt: 1,
  'outcome.costSavingKrw': 1,
  'outcome.salesEffectKrw': 1,
  'outcome.technologyTransfer': 1,
  'rating.satisfaction': 1,
  'audit.action': 1,
  'audit.at': 1,
} as const;

/** A case as read from the database: the row's own fields, plus what toRow derives the rest from. */
export type StoredRow = Pick<
  CaseRow,
  | 'number'
  | 'title'
  | 'companyName'
  | 'status'
  | 'industry'
  | 'field'
  | 'lead'
  | 'submittedAt'
  | 'resolvedAt'
  | 'closedAt'
> &
  Partial<Pick<CaseRow, 'participants' | 'declines' | 'supports'>> & {
    _id: unknown;
    companyId?: unknown;
    acceptedAt?: Date | null;
    outcome?: {
      costSavingKrw?: number | null;
      salesEffectKrw?: number | null;
      technologyTransfer?: boolean | null;
      technologyFeeKrw?: number | null;
    };
    rating?: { satisfaction?: number | null };
    audit?: { action?: string; at?: Date }[];
  };

/** A stored case as a row of the pure figures; the first acceptance comes from the audit trail. */
export function toRow(c: StoredRow): CaseRow {
  return {
    id: String(c._id),
    number: c.number,
    companyId: c.companyId ? String(c.companyId) : undefined,
    title: c.title,
    companyName: c.companyName,
    status: c.status,
    industry: c.industry,
    field: c.field,
    lead: c.lead,
    participants: c.participants ?? [],
    declines: c.declines ?? [],
    supports: c.supports ?? [],
    submittedAt: c.submittedAt,
    firstAcceptedAt: c.audit?.find((a) => a.action === 'accept')?.at ?? c.acceptedAt,
    resolvedAt: c.resolvedAt,
    closedAt: c.closedAt,
    costSavingKrw: c.outcome?.costSavingKrw,
    salesEffectKrw: c.outcome?.salesEffectKrw,
    technologyTransfer: c.outcome?.technologyTransfer,
    technologyFeeKrw: c.outcome?.technologyFeeKrw,
    satisfaction: c.rating?.satisfaction,
  };
}
