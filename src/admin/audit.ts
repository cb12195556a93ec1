// The audit log of administrative actions (accounts deactivated or reactivated,
// designations verified, institutes paused…). An entry is written before the action it
// records, so no action goes unaudited; an entry whose action then failed says so in
// the target's own state. Entries are filed by Korea-time month: the log page reads a
// month with one equality on an indexed field, however long the history grows.
import mongoose from 'mongoose';
import type { Actor } from '../accounts/roles';
import { monthOf } from '../cases/list-keys';
import type { LocalMessage } from '../i18n/messages';

const adminAuditSchema = new mongoose.Schema(
  {
    at: { type: Date, required: true },
    month: { type: String, required: true },
    actorId: { type: String, required: true },
    actorName: String,
    actorRole: String,
    action: { type: String, required: true },
    target: { kind: String, id: String, label: String },
    detail: { key: String, params: mongoose.Schema.Types.Mixed },
  },
  { versionKey: false },
);
adminAuditSchema.index({ month: 1 });

export const AdminAudit = mongoose.model('AdminAudit', adminAuditSchema);

export type AdminTarget = { kind: 'user' | 'company' | 'institute'; id: string; label: string };

export async function recordAdminAction(
  actor: Actor,
  action: string,
  target: AdminTarget,
  at: Date,
  detail?: LocalMessage,
): Promise<void> {
  await AdminAudit.create({
    at,
    month: monthOf(at),
    actorId: actor.id,
    actorName: actor.name,
    actorRole: actor.role,
    action,
    target,
    ...(detail ? { detail } : {}),
  });
}

/** A month's entries, newest first. */
export async function adminLogOf(month: string) {
  const entries = await AdminAudit.find({ month }).lean();
  return entries.sort((a, b) => b.at.getTime() - a.at.getTime());
}
