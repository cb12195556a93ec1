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

export type Claim = { release(): Promise<void> };

/**
 * Claims `key` (e.g. "<caseId>:<rev>"); undefined when someone else holds it. A claim
 * left behind by a crashed writer stops blocking after a minute.
 */
export async function claimRevision(key: string, now: Date): Promise<Claim | undefined> {
  try {
    await RevisionClaim.create({ _id: key, at: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const stale = await RevisionClaim.deleteOne({ _id: key, at: { $lt: new Date(now.getTime() - STALE_AFTER_MS) } });
    if (!stale.deletedCount) return undefined;
    return claimRevision(key, now);
  }
  return { release: async () => void (await RevisionClaim.deleteOne({ _id: key })) };
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
