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
  readSnapshot,
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

type Places = Map<string, { region: string; fields: string[] }>;

function institutePlaces(): Places {
  return new Map(seedCatalogue().institutes.map((i) => [i.code, { region: i.region, fields: [...i.fields] }]));
}

/** A row as the document it becomes (the institute's region and fields added). */
function documentOf(row: RegistryRow, source: RegistrySource, places: Places) {
  const place = places.get(row.instituteCode) ?? { region: '', fields: [] };
  return { ...row, region: place.region, fields: place.fields, source };
}

/** A write: the document to store, and the same instrument as the snapshot will hold it. */
type Write = { doc: ReturnType<typeof documentOf>; item: SnapshotItem };
type Plan = { inserts: Write[]; updates: Write[]; removals: SnapshotItem[]; kept: SnapshotItem[] };

const writeOf = (doc: Write['doc'], id?: string): Write => {
  const _id = new mongoose.Types.ObjectId(id);
  return { doc, item: snapshotItemOf({ _id, ...doc }) };
};

function planWrite(existing: SnapshotItem[], rows: RegistryRow[], options: WriteOptions): Plan {
  const places = institutePlaces();
  const byKey = new Map(existing.map((item) => [item.key, item]));
  const plan: Plan = { inserts: [], updates: [], removals: [], kept: [] };
  for (const row of rows) {
    const doc = documentOf(row, options.source, places);
    const held = byKey.get(rowKey(row));
    if (held && held.hash === contentHash(hashedFields(doc)) && held.source === options.source) continue;
    (held ? plan.updates : plan.inserts).push(writeOf(doc, held?.id));
  }
  const incoming = new Set(rows.map(rowKey));
  const updated = new Set(plan.updates.map((w) => w.item.key));
  for (const item of existing) {
    if (options.replace && item.source === options.source && !incoming.has(item.key)) plan.removals.push(item);
    else if (!updated.has(item.key)) plan.kept.push(item);
  }
  if (plan.removals.length <= MAX_SINGLE_DELETES) return plan;
  // Replacing a whole source: its items go at once and all its rows come back as inserts.
  return {
    inserts: rows.map((row) => writeOf(documentOf(row, options.source, places))),
    updates: [],
    removals: plan.removals,
    kept: plan.kept.filter((item) => item.source !== options.source),
  };
}

async function applyPlan(plan: Plan, source: RegistrySource): Promise<void> {
  if (plan.removals.length > MAX_SINGLE_DELETES) await Equipment.deleteMany({ source });
  else for (const item of plan.removals) await Equipment.deleteOne({ _id: item.id });
  for (const { doc, item } of plan.updates) await Equipment.replaceOne({ _id: item.id }, doc);
  // The rows were checked by registryRowSchema already: inserted as they are, without mongoose
  // building and validating a document for each (a third of a 26,000-row import's time).
  const now = new Date();
  for (let i = 0; i < plan.inserts.length; i += INSERT_BATCH)
    await Equipment.insertMany(
      plan.inserts.slice(i, i + INSERT_BATCH).map(({ doc, item }) => ({
        _id: new mongoose.Types.ObjectId(item.id),
        ...doc,
        createdAt: now,
        updatedAt: now,
      })),
      { ordered: true, lean: true },
    );
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
    const snapshot = await readSnapshot('writer');
    const plan = planWrite(snapshot.items, rows, options);
    const changes = plan.inserts.length + plan.updates.length + plan.removals.length;
    const sameDemo = !options.demoVersion || options.demoVersion === snapshot.demoVersion;
    if (changes === 0 && sameDemo)
      return { inserted: 0, updated: 0, unchanged: rows.length, removed: 0, total: snapshot.items.length };
    await markDirty();
    await applyPlan(plan, options.source);
    const items = [...plan.kept, ...[...plan.updates, ...plan.inserts].map((w) => w.item)];
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
