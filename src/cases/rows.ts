// Lean list rows: one small document per case in `caserows`, holding only what a list
// row, its filters and the institute load read. The embedded FerretDB decodes whole
// documents before projecting them, so reading 200 full cases (description, routing
// reasons, audit trail) for one list page costs ~90 ms of CPU; the same rows cost a
// tenth of that (docs/performance.md).
//
// A row is a copy, written after the case. The case write itself sets `rowPending`,
// and the row write clears it, so a crash between the two leaves a mark that the
// repair job finds with one indexed query and fixes within a minute. A row is replaced
// only by a later revision of its case, so a slow writer never puts an old row back.
import mongoose from 'mongoose';
import { isDuplicateKey } from '../core/errors';
import type { Job } from '../core/jobs';
import type { Logger } from '../core/logger';
import type { CaseChangeListener } from './changes';
import { CASE_STATUSES } from './lifecycle';
import { Case, type CaseDoc } from './model';

const { ObjectId } = mongoose.Schema.Types;

const rowSchema = new mongoose.Schema(
  {
    _id: { type: ObjectId, required: true },
    rev: { type: Number, required: true },
    listKeys: { type: [String], default: [] },
    companyId: { type: ObjectId, required: true },
    number: { type: String, required: true },
    title: { type: String, required: true },
    companyName: { type: String, required: true },
    status: { type: String, required: true, enum: CASE_STATUSES },
    supplyChainItem: { type: Boolean, default: false },
    lead: String,
    participants: { type: [String], default: [] },
    offeredTo: String,
    visibleTo: { type: [String], default: [] },
    escalated: { type: Boolean, default: false },
    dueAt: Date,
    acceptBy: Date,
    submittedAt: Date,
    updatedAt: Date,
  },
  { versionKey: false, collection: 'caserows' },
);
// The same equalities as the cases' own list queries (list.ts); on the embedded
// database core/db/postgres-indexes.ts declares these fields.
rowSchema.index({ listKeys: 1 });
rowSchema.index({ companyId: 1 });
rowSchema.index({ status: 1 });

export type CaseRowDoc = mongoose.InferSchemaType<typeof rowSchema>;
export const CaseRow = mongoose.model('CaseRow', rowSchema);

const ROW_FIELDS = Object.keys(rowSchema.paths).filter((path) => !path.includes('.'));

/** The row of a case as it is now. */
export function rowOf(c: CaseDoc): CaseRowDoc {
  const source = c as unknown as Record<string, unknown>;
  return Object.fromEntries(ROW_FIELDS.map((field) => [field, source[field]])) as CaseRowDoc;
}

/**
 * Writes the row of the case (at its revision) and clears the case's mark. A newer
 * row already stored wins: the conditional replace matches nothing and the upsert
 * then collides with the existing _id.
 */
export async function writeRow(c: CaseDoc): Promise<void> {
  try {
    await CaseRow.replaceOne({ _id: c._id, rev: { $lte: c.rev } }, rowOf(c), { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  await Case.updateOne({ _id: c._id, rev: c.rev }, { $unset: { rowPending: '' } });
}

/** The case-change listener: the row follows every change before the change returns. */
export const rowListener =
  (log: Logger): CaseChangeListener =>
  async (_before, after) => {
    await writeRow(after).catch((error) =>
      log.warn({ err: error, caseId: String(after._id) }, 'list row not written; the repair job will'),
    );
  };

const REPAIR_BATCH = 500;

/** Rewrites the rows of cases whose last change did not reach its row. */
export async function repairRows(): Promise<number> {
  const pending = await Case.find({ rowPending: true }).limit(REPAIR_BATCH).lean<CaseDoc[]>();
  for (const c of pending) await writeRow(c);
  return pending.length;
}

export const rowRepairJob = (): Job => ({ name: 'list row repair', everyMs: 60_000, run: repairRows });
