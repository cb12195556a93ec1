// Who may change revision N of a document. FerretDB v1 applies a conditional update
// as a read followed by a write, so two concurrent updates guarded by the same
// condition can both succeed. Inserting a document with a unique _id is atomic on
// FerretDB and MongoDB alike: the first writer to claim a revision wins.
import mongoose from 'mongoose';
import { isDuplicateKey } from '../errors';
import type { Job } from '../jobs';

const STALE_AFTER_MS = 60_000;

const claimSchema = new mongoose.Schema({ _id: String, at: { type: Date, required: true } }, { versionKey: false });
claimSchema.index({ at: 1 });
const RevisionClaim = mongoose.model('RevisionClaim', claimSchema);

/** Never throws: a release that fails is retried in the background (abandoned claims below). */
export type Claim = { release(): Promise<void> };

// Claims this process took whose write failed and whose release failed too (the
// database was away). They are released again until that works, and meanwhile this
// process may take them back: it knows their write did not land.
const abandoned = new Set<string>();
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

async function releaseOrRetry(key: string, attempt = 0): Promise<void> {
  try {
    await RevisionClaim.deleteOne({ _id: key });
    abandoned.delete(key);
  } catch {
    abandoned.add(key);
    const timer = setTimeout(
      () => void releaseOrRetry(key, attempt + 1),
      RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)],
    );
    timer.unref();
  }
}

/**
 * Claims `key` (e.g. "<caseId>:<rev>"); undefined when someone else holds it. A claim
 * left behind by a crashed writer stops blocking after a minute; one abandoned by this
 * process after a failed write is taken back at once.
 */
export async function claimRevision(key: string, now: Date): Promise<Claim | undefined> {
  try {
    await RevisionClaim.create({ _id: key, at: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const staleBefore = abandoned.has(key) ? now : new Date(now.getTime() - STALE_AFTER_MS);
    const stale = await RevisionClaim.deleteOne({ _id: key, at: { $lte: staleBefore } });
    if (!stale.deletedCount) return undefined;
    abandoned.delete(key);
    return claimRevision(key, now);
  }
  return { release: () => releaseOrRetry(key) };
}

/** Forgets claims old enough that no request can still be working on them. */
export async function purgeOldClaims(now: Date): Promise<void> {
  await RevisionClaim.deleteMany({ at: { $lt: new Date(now.getTime() - STALE_AFTER_MS) } });
}

export const claimCleanupJob = (now: () => Date): Job => ({
  name: 'revision-claim clean-up',
  everyMs: 60_000,
  run: () => purgeOldClaims(now()),
});
