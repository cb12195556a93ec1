// A use request as the API and the pages show it.
import type { UseDoc } from './use-model';

export function useView(u: UseDoc) {
  return {
    id: String(u._id),
    status: u.status,
    equipment: { id: u.equipmentId, name: u.equipmentName, nameEn: u.equipmentNameEn ?? '' },
    institute: u.instituteCode,
    case: { id: String(u.caseId), number: u.caseNumber, title: u.caseTitle },
    company: { id: u.companyId, name: u.companyName },
    purpose: u.purpose,
    sampleCount: u.sampleCount,
    sampleKind: u.sampleKind ?? '',
    desiredFrom: u.desiredFrom,
    desiredTo: u.desiredTo,
    note: u.note ?? null,
    discount: u.discount,
    slot: u.slot?.from ? { from: u.slot.from, to: u.slot.to } : null,
    feeEstimate: u.feeEstimate ?? null,
    reason: u.reason ?? null,
    report: u.report?.fileId
      ? { fileId: u.report.fileId, filename: u.report.filename, note: u.report.note ?? null }
      : null,
    requestedAt: u.requestedAt,
    requestedBy: u.requestedBy?.name ?? '',
    history: u.history.map((h) => ({ at: h.at, actor: h.actorName ?? '', action: h.action, detail: h.detail ?? null })),
    rev: u.rev,
  };
}
export type UseView = ReturnType<typeof useView>;
