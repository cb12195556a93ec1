// Keeping the lean list rows (row-model.ts) in step with the cases. The embedded
// FerretDB decodes whole documents before projecting them: a full case costs ~0.8 ms to
// read, its row ~0.2 ms (docs/performance.md).
//
// A row is a copy, written after the case, and the lists it left or joined are then
// restamped (list-cache.ts). The case write itself sets `rowPending`, cleared only
// after both, so a crash in between leaves a mark that the repair job finds with one
// indexed query and fixes within a minute. A row is replaced only by a later revision
// of its case, so a slow writer never puts an old row back.
import { isDuplicateKey } from '../core/errors';
import type { Job } from '../core/jobs';
import type { Logger } from '../core/logger';
import type { CaseChangeListener } from './changes';
import { allListsChanged, listsChanged } from './list-cache';
import { Case, type CaseDoc } from './model';
import { CaseRow, rowOf } from './row-model';

/**
 * Stores the row of the case at its revision, and nothing else (a bulk rewrite then
 * restamps every list at once). A newer row already stored wins: the conditional
 * replace matches nothing and the upsert then collides with the existing _id.
 */
export async function replaceRow(c: CaseDoc): Promise<void> {
  try {
    await CaseRow.replaceOne({ _id: c._id, rev: { $lte: c.rev } }, rowOf(c), { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

/** The case's change has reached its row and its lists. */
const clearMark = (c: CaseDoc) => Case.updateOne({ _id: c._id, rev: c.rev }, { $unset: { rowPending: '' } });

/** Writes the row, restamps the lists it left (`before`) or is in, then clears the case's mark. */
export async function writeRow(c: CaseDoc, before: readonly string[]): Promise<void> {
  await replaceRow(c);
  await listsChanged(rowOf(c), before);
  await clearMark(c);
}

/** The case-change listener: the row and its lists follow every change before the change returns. */
export const rowListener =
  (log: Logger): CaseChangeListener =>
  async (before, after) => {
    await writeRow(after, before?.listKeys ?? []).catch((error) =>
      log.warn({ err: error, caseId: String(after._id) }, 'list row not written; the repair job will'),
    );
  };

const REPAIR_BATCH = 500;

/** Rewrites the rows of cases whose last change did not reach its row. */
export async function repairRows(): Promise<number> {
  const pending = await Case.find({ rowPending: true }).limit(REPAIR_BATCH).lean<CaseDoc[]>();
  // The lists a repaired row left are unknown, so every held list is made stale.
  for (const c of pending) await replaceRow(c);
  if (pending.length) await allListsChanged();
  for (const c of pending) await clearMark(c);
  return pending.length;
}

export const rowRepairJob = (): Job => ({ name: 'list row repair', everyMs: 60_000, run: repairRows });
