// The registry as search reads it: every instrument's searchable fields, kept beside
// the items as a few large chunks under one head document. The embedded database
// decodes 26,000 instrument documents in about 11 s but their 13 chunks in 0.3 s, so
// every app process can load the whole registry quickly and build its index in memory.
//
// The head names the chunks' revision. A writer marks the head dirty before it changes
// any item and writes a new revision (chunks first, then the head, then deletes the
// old chunks) after; a reader that finds the head dirty or missing (a writer crashed,
// or the registry predates the snapshot) rebuilds it from the items.
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { Equipment } from './model';
import type { SearchItem } from './search-index';

const CHUNK_SIZE = 2000;
const HEAD_ID = 'head';
/** The writer's lock document (registry.ts): `count` holds its expiry in ms. */
export const LOCK_ID = 'lock';

const snapshotSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    revision: { type: String, required: true },
    /** A chunk: the JSON of up to CHUNK_SIZE items. */
    data: String,
    /** The head: how many items the revision has, and whether a writer is at work. */
    count: Number,
    dirty: Boolean,
    /** The demo generator's version last written (demo-registry.ts). */
    demoVersion: String,
  },
  { versionKey: false },
);
export const EquipmentSnapshot = mongoose.model('EquipmentSnapshot', snapshotSchema, 'equipmentsnapshots');

/** An item of the snapshot: what search shows, and what a write compares (key, content hash, source). */
export type SnapshotItem = SearchItem & { key: string; hash: string; source: string };

export type Snapshot = { revision: string; items: SnapshotItem[]; demoVersion?: string };

export type SnapshotHead = { revision: string; count: number; dirty: boolean; demoVersion?: string };

export async function readHead(): Promise<SnapshotHead | null> {
  const head = await EquipmentSnapshot.findById(HEAD_ID, { revision: 1, count: 1, dirty: 1, demoVersion: 1 }).lean();
  return head
    ? {
        revision: head.revision,
        count: head.count ?? 0,
        dirty: !!head.dirty,
        ...(head.demoVersion ? { demoVersion: head.demoVersion } : {}),
      }
    : null;
}

/** The content of an item that a re-import compares: the same row gives the same hash. */
export function contentHash(fields: object): string {
  return createHash('sha1').update(JSON.stringify(fields)).digest('hex').slice(0, 16);
}

/** An instrument as stored (a lean document, or one about to be written). */
export type StoredItem = {
  _id: mongoose.Types.ObjectId | string;
  instituteCode: string;
  registryId: string;
  name: string;
  nameEn?: string | null;
  model?: string | null;
  maker?: string | null;
  category?: string | null;
  uses?: string[];
  usesEn?: string[];
  specs?: { label: string; value: string }[];
  location?: string | null;
  fee?: { unit: string; amount: number } | null;
  manager?: { name?: string | null; phone?: string | null; email?: string | null } | null;
  status?: string | null;
  region: string;
  fields?: string[];
  source: string;
};

/** The stored fields a hash covers, in a fixed order (registry.ts hashes new rows the same way). */
export function hashedFields(item: Omit<StoredItem, '_id' | 'source'>) {
  return {
    instituteCode: item.instituteCode,
    registryId: item.registryId,
    name: item.name,
    nameEn: item.nameEn ?? '',
    model: item.model ?? '',
    maker: item.maker ?? '',
    category: item.category ?? '',
    uses: [...(item.uses ?? [])],
    usesEn: [...(item.usesEn ?? [])],
    specs: (item.specs ?? []).map((s) => ({ label: s.label, value: s.value })),
    location: item.location ?? '',
    fee: item.fee ? { unit: item.fee.unit, amount: item.fee.amount } : null,
    manager: item.manager
      ? { name: item.manager.name ?? '', phone: item.manager.phone ?? '', email: item.manager.email ?? '' }
      : null,
    status: item.status ?? 'available',
    region: item.region,
    fields: [...(item.fields ?? [])],
  };
}

export function snapshotItemOf(item: StoredItem): SnapshotItem {
  const fields = hashedFields(item);
  return {
    id: String(item._id),
    key: `${item.instituteCode}:${item.registryId}`,
    hash: contentHash(fields),
    source: item.source,
    instituteCode: fields.instituteCode,
    registryId: fields.registryId,
    name: fields.name,
    nameEn: fields.nameEn,
    model: fields.model,
    maker: fields.maker,
    category: fields.category,
    uses: fields.uses,
    usesEn: fields.usesEn,
    region: fields.region,
    fields: fields.fields,
    ...(fields.fee ? { fee: fields.fee } : {}),
    status: fields.status,
  };
}

/** Registry order: by institute, then name, then registry id. */
export const byRegistryOrder = (a: SnapshotItem, b: SnapshotItem) =>
  a.instituteCode.localeCompare(b.instituteCode) || a.name.localeCompare(b.name, 'ko') || a.key.localeCompare(b.key);

export async function markDirty(): Promise<void> {
  await EquipmentSnapshot.updateOne(
    { _id: HEAD_ID },
    { $set: { dirty: true }, $setOnInsert: { revision: 'none', count: 0 } },
    { upsert: true },
  );
}

/** Writes a new revision of the snapshot and makes it current; `demoVersion` is kept unless given. */
export async function writeSnapshot(items: SnapshotItem[], demoVersion?: string): Promise<string> {
  const sorted = [...items].sort(byRegistryOrder);
  const revision = new mongoose.Types.ObjectId().toHexString();
  const chunks = [];
  for (let i = 0; i < sorted.length; i += CHUNK_SIZE)
    chunks.push({
      _id: `${revision}:${chunks.length}`,
      revision,
      data: JSON.stringify(sorted.slice(i, i + CHUNK_SIZE)),
    });
  if (chunks.length) await EquipmentSnapshot.insertMany(chunks);
  const before = await readHead();
  await EquipmentSnapshot.updateOne(
    { _id: HEAD_ID },
    {
      $set: {
        revision,
        count: sorted.length,
        dirty: false,
        ...(demoVersion ? { demoVersion } : {}),
      },
    },
    { upsert: true },
  );
  if (before && before.revision !== revision) await EquipmentSnapshot.deleteMany({ revision: before.revision });
  return revision;
}

async function rebuildFromItems(): Promise<Snapshot> {
  const stored = await Equipment.find({}, { createdAt: 0, updatedAt: 0, __v: 0 }).lean<StoredItem[]>();
  const items = stored.map(snapshotItemOf);
  const demoVersion = (await readHead())?.demoVersion;
  const revision = await writeSnapshot(items, demoVersion);
  return { revision, items: items.sort(byRegistryOrder), ...(demoVersion ? { demoVersion } : {}) };
}

/** Whether a writer holds the registry's lock now (registry.ts). */
async function writerAtWork(): Promise<boolean> {
  const lock = await EquipmentSnapshot.findById(LOCK_ID, { count: 1 }).lean();
  return !!lock && (lock.count ?? 0) > Date.now();
}

async function readRevision(head: SnapshotHead): Promise<Snapshot | null> {
  const chunks = await EquipmentSnapshot.find({ revision: head.revision }, { _id: 1, data: 1 }).lean();
  const items = chunks
    .filter((c) => c._id !== HEAD_ID && c.data)
    .sort((a, b) => Number(a._id.split(':')[1]) - Number(b._id.split(':')[1]))
    .flatMap((c) => JSON.parse(c.data ?? '[]') as SnapshotItem[]);
  if (items.length !== head.count) return null;
  return { revision: head.revision, items, ...(head.demoVersion ? { demoVersion: head.demoVersion } : {}) };
}

/**
 * The current snapshot. While a writer is at work its head is dirty but still names
 * the last complete revision, which readers keep reading. A dirty head with no writer
 * (one crashed) — or, for the writer itself, any dirty head — a missing head or an
 * incomplete revision is rebuilt from the items.
 */
export async function readSnapshot(as: 'reader' | 'writer' = 'reader'): Promise<Snapshot> {
  const head = await readHead();
  const crashed = !!head?.dirty && (as === 'writer' || !(await writerAtWork()));
  if (!head || crashed) return rebuildFromItems();
  return (await readRevision(head)) ?? rebuildFromItems();
}
