// Writing the equipment registry: import rows, the demo registry and the catalogue's
// representative items all come through `writeRegistry`. It is idempotent by
// (institute, registry id): an unchanged row is not written, a changed one is updated
// in place (its id, and so its use requests, stay), a new one is inserted.
//
// One writer at a time (a lock document that expires, so a crashed writer does not
// block for ever). The snapshot head is marked dirty before the first item write and
// a new snapshot revision makes it clean after the last, so a crash in between is
// repaired by the next reader (snapshot.ts) and a re-run finishes the job.
import mongoose from 'mongoose';
import { conflict, isDuplicateKey } from '../core/errors';
import { catalogueInstitutes, seedCatalogue } from '../institutes/catalogue';
import { Institute } from '../institutes/model';
import { Equipment } from './model';
import { rowKey, type RegistryRow } from './registry-row';
import {
  contentHash,
  EquipmentSnapshot,
  hashedFields,
  markDirty,
  LOCK_ID,
  readSnapshotToWrite,
  snapshotItemOf,
  writeSnapshot,
  type SnapshotItem,
} from './snapshot';

const LOCK_MS = 10 * 60_000;
const INSERT_BATCH = 1000;
/** Above this many items to remove, the source is replaced whole (per-item deletes are slow on FerretDB). */
const MAX_SINGLE_DELETES = 200;

export type RegistrySource = 'catalogue' | 'demo' | 'import';
export type WriteOptions = {
  source: RegistrySource;
  /** The rows are the whole of this source: its items not among them are removed. */
  replace?: boolean;
  demoVersion?: string;
};
export type WriteResult = { inserted: number; updated: number; unchanged: number; removed: number; total: number };

const BUSY = '다른 장비 등록 작업이 진행 중입니다. 잠시 뒤 다시 시도해 주세요.';

/** Takes the writer's lock: a document with a fixed id, taken over only once it has expired. */
async function takeLock(): Promise<void> {
  const until = Date.now() + LOCK_MS;
  try {
    await EquipmentSnapshot.create({ _id: LOCK_ID, revision: LOCK_ID, count: until });
    return;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const held = await EquipmentSnapshot.findById(LOCK_ID, { count: 1 }).lean();
  if (held && (held.count ?? 0) > Date.now()) throw conflict(BUSY);
  const taken = await EquipmentSnapshot.updateOne({ _id: LOCK_ID, count: held?.count }, { $set: { count: until } });
  if (!taken.matchedCount) throw conflict(BUSY);
}

async function withRegistryLock<T>(work: () => Promise<T>): Promise<T> {
  await takeLock();
  try {
    return await work();
  } finally {
    await EquipmentSnapshot.deleteOne({ _id: LOCK_ID });
  }
}

function institutePlaces(): Map<string, { region: string; fields: string[] }> {
  return new Map(seedCatalogue().institutes.map((i) => [i.code, { region: i.region, fields: [...i.fields] }]));
}

/** A row as the document it becomes (the institute's region and fields added). */
function documentOf(row: RegistryRow, source: RegistrySource, places: ReturnType<typeof institutePlaces>) {
  const place = places.get(row.instituteCode) ?? { region: '', fields: [] };
  return { ...row, region: place.region, fields: place.fields, source };
}

type Plan = { inserts: SnapshotItem[]; updates: SnapshotItem[]; removals: SnapshotItem[]; kept: SnapshotItem[] };

function planWrite(existing: SnapshotItem[], rows: RegistryRow[], options: WriteOptions): Plan {
  const places = institutePlaces();
  const byKey = new Map(existing.map((item) => [item.key, item]));
  const incoming = new Set(rows.map(rowKey));
  const plan: Plan = { inserts: [], updates: [], removals: [], kept: [] };
  for (const row of rows) {
    const doc = documentOf(row, options.source, places);
    const held = byKey.get(rowKey(row));
    const hash = contentHash(hashedFields(doc));
    if (held && held.hash === hash && held.source === options.source) continue;
    const _id = held ? new mongoose.Types.ObjectId(held.id) : new mongoose.Types.ObjectId();
    (held ? plan.updates : plan.inserts).push(snapshotItemOf({ _id, ...doc }));
  }
  for (const item of existing) {
    const changed = incoming.has(item.key);
    if (options.replace && item.source === options.source && !changed) plan.removals.push(item);
    else if (!changed || !plan.updates.some((u) => u.key === item.key)) plan.kept.push(item);
  }
  return plan;
}

async function applyPlan(plan: Plan, rows: RegistryRow[], options: WriteOptions): Promise<void> {
  const places = institutePlaces();
  const rowOf = new Map(rows.map((row) => [rowKey(row), row]));
  const docOf = (item: SnapshotItem) => documentOf(rowOf.get(item.key) as RegistryRow, options.source, places);
  if (plan.removals.length > MAX_SINGLE_DELETES) {
    // Replacing a whole source: its items go at once and come back as inserts.
    await Equipment.deleteMany({ source: options.source });
  } else for (const item of plan.removals) await Equipment.deleteOne({ _id: item.id });
  for (const item of plan.updates) await Equipment.replaceOne({ _id: item.id }, docOf(item));
  // The rows were checked by registryRowSchema already: inserted as they are, without mongoose
  // building and validating a document for each (a third of a 26,000-row import's time).
  const now = new Date();
  for (let i = 0; i < plan.inserts.length; i += INSERT_BATCH)
    await Equipment.insertMany(
      plan.inserts
        .slice(i, i + INSERT_BATCH)
        .map((item) => ({ _id: new mongoose.Types.ObjectId(item.id), ...docOf(item), createdAt: now, updatedAt: now })),
      { ordered: true, lean: true },
    );
}

/** A whole-source replacement re-inserts the source's unchanged items too. */
function wholeSourceReplacement(plan: Plan, rows: RegistryRow[], options: WriteOptions): Plan {
  if (plan.removals.length <= MAX_SINGLE_DELETES) return plan;
  const places = institutePlaces();
  const ofSource = (item: SnapshotItem) => item.source === options.source;
  const fresh = rows.map((row) =>
    snapshotItemOf({ _id: new mongoose.Types.ObjectId(), ...documentOf(row, options.source, places) }),
  );
  return { inserts: fresh, updates: [], removals: plan.removals, kept: plan.kept.filter((i) => !ofSource(i)) };
}

async function recountInstitutes(items: SnapshotItem[]): Promise<void> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.instituteCode, (counts.get(item.instituteCode) ?? 0) + 1);
  for (const { code } of catalogueInstitutes())
    await Institute.updateOne({ code }, { $set: { equipmentCount: counts.get(code) ?? 0 } });
}

/** Writes rows into the registry (see the file comment); returns what it did. */
export async function writeRegistry(rows: RegistryRow[], options: WriteOptions): Promise<WriteResult> {
  return withRegistryLock(async () => {
    const snapshot = await readSnapshotToWrite();
    const plan = wholeSourceReplacement(planWrite(snapshot.items, rows, options), rows, options);
    const changes = plan.inserts.length + plan.updates.length + plan.removals.length;
    const sameDemo = !options.demoVersion || options.demoVersion === snapshot.demoVersion;
    if (changes === 0 && sameDemo)
      return { inserted: 0, updated: 0, unchanged: rows.length, removed: 0, total: snapshot.items.length };
    await markDirty();
    await applyPlan(plan, rows, options);
    const items = [...plan.kept, ...plan.updates, ...plan.inserts];
    await writeSnapshot(items, options.demoVersion);
    await recountInstitutes(items);
    return {
      inserted: plan.inserts.length,
      updated: plan.updates.length,
      unchanged: rows.length - plan.inserts.length - plan.updates.length,
      removed: plan.removals.length,
      total: items.length,
    };
  });
}
