// Re-keying: when the list-key scheme changes (LIST_KEYS_VERSION in list-keys.ts), the
// keys stored on existing cases, and their list rows (rows.ts), are recomputed once, in
// the background after start.
// The version done is kept in the `meta` collection; a re-key cut short by a crash
// runs again at the next start. A case changed meanwhile keeps the keys its change
// wrote (each update is guarded by the revision it read).
import mongoose from 'mongoose';
import type { Logger } from '../core/logger';
import { touchMonths } from '../dashboard/month-rows';
import { activityMonths, LIST_KEYS_VERSION } from './list-keys';
import { Case, type CaseDoc } from './model';
import { allListsChanged } from './list-cache';
import { replaceRow } from './rows';
import { derivedFields } from './store';

type Meta = { _id: string; version: number };
const meta = () => mongoose.connection.collection<Meta>('meta');
const META_ID = 'case-list-keys';

export async function rekeyCases(log: Logger): Promise<number> {
  const done = await meta().findOne({ _id: META_ID });
  if (done?.version === LIST_KEYS_VERSION) return 0;
  const months = new Set<string>();
  let rekeyed = 0;
  for await (const c of Case.find({}).lean<CaseDoc>().cursor({ batchSize: 500 })) {
    const derived = derivedFields(c);
    const keyed = await Case.updateOne({ _id: c._id, rev: c.rev }, { $set: derived });
    if (keyed.matchedCount) await replaceRow({ ...c, ...derived });
    for (const month of activityMonths(c)) months.add(month);
    rekeyed++;
  }
  await touchMonths(months);
  await allListsChanged();
  await markRekeyed();
  log.info({ rekeyed, version: LIST_KEYS_VERSION }, 'case list keys recomputed');
  return rekeyed;
}

const markRekeyed = () =>
  meta().updateOne({ _id: META_ID }, { $set: { version: LIST_KEYS_VERSION } }, { upsert: true });

/**
 * Runs a bulk load of cases that writes keys and rows itself (the volume seed). If the
 * load is cut short, the next start finds no version done and re-keys every case.
 */
export async function whileLoadingCases<T>(log: Logger, load: () => Promise<T>): Promise<T> {
  await rekeyCases(log);
  await meta().deleteOne({ _id: META_ID });
  const result = await load();
  await allListsChanged();
  await markRekeyed();
  return result;
}
