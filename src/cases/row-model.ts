// The lean list row of a case (`caserows`): what a list row, its filters and the
// institute load read, and nothing the case page alone needs. rows.ts keeps rows in
// step with cases; list-cache.ts serves them.
import mongoose from 'mongoose';
import { CASE_STATUSES } from './lifecycle';
import type { CaseDoc } from './model';

const { ObjectId } = mongoose.Schema.Types;

const rowSchema = new mongoose.Schema(
  {
    _id: { type: ObjectId, required: true },
    rev: { type: Number, required: true },
    listKeys: { type: [String], default: [] },
    number: { type: String, required: true },
    title: { type: String, required: true },
    companyName: { type: String, required: true },
    status: { type: String, required: true, enum: CASE_STATUSES },
    supplyChainItem: { type: Boolean, default: false },
    lead: String,
    participants: { type: [String], default: [] },
    offeredTo: String,
    pendingParticipants: { type: [String], default: [] },
    declinedParticipants: { type: [String], default: [] },
    field: String,
    region: String,
    companyDesignated: { type: Boolean, default: false },
    visibleTo: { type: [String], default: [] },
    escalated: { type: Boolean, default: false },
    escalatedAt: Date,
    dueAt: Date,
    acceptBy: Date,
    submittedAt: Date,
    updatedAt: Date,
  },
  { versionKey: false, collection: 'caserows' },
);
// Every list is one equality on a key (list-keys.ts); on the embedded database
// core/db/postgres-indexes.ts declares the same field.
rowSchema.index({ listKeys: 1 });

export type CaseRowDoc = mongoose.InferSchemaType<typeof rowSchema>;
export const CaseRow = mongoose.model('CaseRow', rowSchema);

const ROW_FIELDS = Object.keys(rowSchema.paths).filter((path) => !path.includes('.'));

/** The row of a case as it is now. */
export function rowOf(c: CaseDoc): CaseRowDoc {
  const source = c as unknown as Record<string, unknown>;
  return Object.fromEntries(ROW_FIELDS.map((field) => [field, source[field]])) as CaseRowDoc;
}
