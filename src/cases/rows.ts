// Keeping the lean list rows (row-model.ts) in step with the cases. The embedded
// FerretDB decodes whole documents before projecting them: a full case costs ~0.8 ms to
// read, its row ~0.2 ms (docs/performance.md).
//
// A row is a copy, written after the case (a case-change listener, changes.ts, which
// replays a change whose listeners did not all finish), and the lists it left or joined
// are then restamped (list-cache.ts). A row is replaced only by a later revision of its
// case, so a slow writer never puts an old row back.
import { isDuplicateKey } from '../core/errors';
import type { CaseChangeListener } from './changes';
import { allListsChanged, listsChanged } from './list-cache';
import type { CaseDoc } from './model';
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

/** Writes the row, then restamps the lists it left (`before`) or is in. */
export async function writeRow(c: CaseDoc, before: readonly string[]): Promise<void> {
  await replaceRow(c);
  await listsChanged([...before, ...c.listKeys]);
}

/**
 * The case-change listener: the row and its lists follow every change before the change
 * returns. On a replay the lists the case left are unknown, so every held list is made stale.
 */
export const rowListener: CaseChangeListener = async (before, after, replay) => {
  if (!replay) return writeRow(after, before?.listKeys ?? []);
  await replaceRow(after);
  await allListsChanged();
};
