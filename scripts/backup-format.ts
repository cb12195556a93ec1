// The logical backup of the app's database shared by `npm run db:backup` and
// `npm run db:restore`: one gzip file of JSON lines, the same for the embedded FerretDB
// and for MongoDB (there is no pg_dump, and a logical copy moves between the two).
//
//   {"format":"sobujang-backup","version":1,"createdAt":"…","collections":{"cases":40,…}}
//   {"c":"cases","d":{…the document as canonical Extended JSON v2…}}
//
// Canonical (not relaxed) Extended JSON keeps every BSON type exactly: ObjectId, Date,
// Int32 vs Int64 vs Double, and Binary (GridFS chunk bytes) all survive a round trip.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import mongoose from 'mongoose';

type Db = mongoose.mongo.Db;
type Document = mongoose.mongo.Document;
const { EJSON } = mongoose.mongo.BSON;

export const BACKUP_FORMAT = 'sobujang-backup';
export const BACKUP_VERSION = 1;
/** FerretDB 1.24 stalls on large bulk writes, so restores insert at most this many at once. */
export const INSERT_BATCH = 500;
/** …and at most this many bytes of JSON, so a batch of 255 KiB GridFS chunks stays small. */
const INSERT_BATCH_BYTES = 8 * 1024 * 1024;
const READ_BATCH = 500;
/** Every write of a restore is acknowledged: FerretDB answers even a w:0 write, and the
 * driver would hand that stray reply to the next command on the connection. */
const ACKNOWLEDGED = { w: 1 } as const;

export type BackupHeader = {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  collections: Record<string, number>;
};

/** A refusal or failure explained in one sentence; the scripts print it and exit 1. */
export class BackupError extends Error {}

export type BackupOptions = {
  /** Only these collections (the tests use their own ones in the shared database). */
  only?: readonly string[];
};

export type RestoreOptions = BackupOptions & {
  /** Drop the backup's collections in the target first, even when it holds data. */
  force?: boolean;
};

export type BackupResult = { file: string; collections: Record<string, number>; documents: number; bytes: number };

export type RestoredCollection = { name: string; expected: number; restored: number };

export type RestoreResult = {
  header: BackupHeader;
  collections: RestoredCollection[];
  documents: number;
  /** Collections whose count after the restore differs from the header. */
  mismatches: RestoredCollection[];
};

const inScope = (name: string, options: BackupOptions) => !options.only || options.only.includes(name);

/** `sobujang-20250102T030405Z.jsonl.gz` under DATA_DIR/backups. */
export function defaultBackupFile(dataDir: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return path.join(dataDir, 'backups', `sobujang-${stamp}.jsonl.gz`);
}

/** The database's collections (GridFS ones included), without `system.*` and views. */
export async function collectionNames(db: Db, options: BackupOptions = {}): Promise<string[]> {
  const listed = await db.listCollections({}, { nameOnly: true }).toArray();
  return listed
    .filter((c) => (c.type ?? 'collection') === 'collection' && !c.name.startsWith('system.'))
    .map((c) => c.name)
    .filter((name) => inScope(name, options))
    .sort();
}

const documentLine = (collection: string, doc: Document) =>
  `{"c":${JSON.stringify(collection)},"d":${EJSON.stringify(doc, { relaxed: false })}}\n`;

/** One line per document, a cursor per collection; counts what it actually yields. */
async function* documentLines(db: Db, names: string[], counts: Record<string, number>): AsyncGenerator<string> {
  for (const name of names) {
    counts[name] = 0;
    // No sort: FerretDB would sort in memory, and natural order is all a restore needs.
    for await (const doc of db.collection(name).find({}, { batchSize: READ_BATCH })) {
      counts[name] += 1;
      yield documentLine(name, doc);
    }
  }
}

/**
 * Writes every collection to `file` (gzip). The documents go to a side file first so
 * the header can carry the counts actually written; header and documents are then two
 * gzip members of FILE.tmp (gunzip reads them as one), renamed to FILE at the end, so
 * a failed backup never leaves a half file under the final name.
 */
export async function writeBackup(db: Db, file: string, options: BackupOptions = {}): Promise<BackupResult> {
  const tmp = `${file}.tmp`;
  const body = `${file}.body.tmp`;
  await mkdir(path.dirname(file), { recursive: true });
  try {
    const collections: Record<string, number> = {};
    const names = await collectionNames(db, options);
    await pipeline(Readable.from(documentLines(db, names, collections)), zlib.createGzip(), createWriteStream(body));
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      collections,
    };
    const headerMember = zlib.gzipSync(`${JSON.stringify(header)}\n`);
    await pipeline(async function* () {
      yield headerMember;
      yield* createReadStream(body);
    }, createWriteStream(tmp));
    await rename(tmp, file);
    const documents = Object.values(collections).reduce((sum, n) => sum + n, 0);
    return { file, collections, documents, bytes: (await stat(file)).size };
  } finally {
    await rm(tmp, { force: true });
    await rm(body, { force: true });
  }
}

/** The lines of a gzip file; a read error of the file surfaces through the iterator. */
function gzipLines(file: string): { lines: AsyncIterator<string>; close(): void } {
  const input = createReadStream(file);
  const gunzip = zlib.createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  const rl = readline.createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  return {
    lines: rl[Symbol.asyncIterator](),
    close: () => {
      rl.close();
      input.destroy();
      gunzip.destroy();
    },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the first line; refuses anything but a version-1 sobujang backup. */
export function parseHeader(line: string | undefined, file: string): BackupHeader {
  let header: unknown;
  try {
    header = JSON.parse(line ?? '');
  } catch {
    throw new BackupError(`${file} is not a ${BACKUP_FORMAT} file (its first line is not a JSON header).`);
  }
  if (!isRecord(header) || header.format !== BACKUP_FORMAT)
    throw new BackupError(`${file} is not a ${BACKUP_FORMAT} file (unknown format).`);
  if (header.version !== BACKUP_VERSION)
    throw new BackupError(
      `${file} is a ${BACKUP_FORMAT} of version ${String(header.version)}; this tool reads version ${BACKUP_VERSION}.`,
    );
  const counts = header.collections;
  if (!isRecord(counts) || !Object.values(counts).every((n) => Number.isInteger(n) && (n as number) >= 0))
    throw new BackupError(`${file} has a damaged header (collections must map names to counts).`);
  return header as BackupHeader;
}

/** Opens a backup and reads its header; the caller must close() it. */
async function openBackup(file: string) {
  try {
    await stat(file);
  } catch {
    throw new BackupError(`cannot read ${file}: no such file.`);
  }
  const reader = gzipLines(file);
  try {
    const first = await reader.lines.next();
    return { ...reader, header: parseHeader(first.done ? undefined : first.value, file) };
  } catch (error) {
    reader.close();
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is not a gzip-compressed ${BACKUP_FORMAT} file (${(error as Error).message}).`);
  }
}

async function countOf(db: Db, name: string): Promise<number> {
  return db.collection(name).countDocuments({});
}

/**
 * Refuses a target that already holds data the restore would mix with or overwrite:
 * any case (the app's real work), or any document in a collection of the backup.
 */
async function refuseNonEmptyTarget(db: Db, names: string[], options: RestoreOptions): Promise<void> {
  const existing = new Set(await collectionNames(db));
  const checked = names.filter((name) => existing.has(name));
  if (!options.only && existing.has('cases') && !checked.includes('cases')) checked.unshift('cases');
  const held: string[] = [];
  for (const name of checked) {
    const count = await countOf(db, name);
    if (count > 0) held.push(`${name} (${count})`);
  }
  if (held.length === 0) return;
  throw new BackupError(
    `refusing to restore: the target database already holds documents in ${held.join(', ')}; nothing was changed. Add --force to drop those collections and restore.`,
  );
}

/** --force: drops the backup's collections (and cases) so the restore starts empty. */
async function dropTargetCollections(db: Db, names: string[], options: RestoreOptions): Promise<void> {
  const existing = new Set(await collectionNames(db));
  const dropped = options.only ? names : [...new Set([...names, 'cases'])];
  for (const name of dropped) if (existing.has(name)) await db.collection(name).drop({ writeConcern: ACKNOWLEDGED });
}

/** Creates the backup's collections, so even an empty one comes back. */
async function createMissingCollections(db: Db, names: string[]): Promise<void> {
  const existing = new Set(await collectionNames(db));
  for (const name of names) if (!existing.has(name)) await db.createCollection(name);
}

type Batch = { name: string; docs: Document[]; bytes: number };

async function insertBatch(db: Db, batch: Batch, restored: Record<string, number>): Promise<void> {
  if (batch.docs.length === 0) return;
  try {
    // Plain ordered insertMany: FerretDB 1.24 hangs on large bulkWrites of updates.
    await db.collection(batch.name).insertMany(batch.docs, { ordered: true, writeConcern: ACKNOWLEDGED });
  } catch (error) {
    throw new BackupError(
      `restore failed in ${batch.name} after ${restored[batch.name] ?? 0} documents: ${(error as Error).message}. The target now holds a partial restore; run again with --force.`,
    );
  }
  restored[batch.name] = (restored[batch.name] ?? 0) + batch.docs.length;
  batch.docs = [];
  batch.bytes = 0;
}

/** Parses one document line; the collection must be one the header announced. */
function parseDocumentLine(line: string, header: BackupHeader, lineNumber: number): { c: string; d: Document } {
  let parsed: unknown;
  try {
    parsed = EJSON.parse(line, { relaxed: false });
  } catch (error) {
    throw new BackupError(`line ${lineNumber} of the backup is not Extended JSON (${(error as Error).message}).`);
  }
  if (!isRecord(parsed) || typeof parsed.c !== 'string' || !isRecord(parsed.d) || !(parsed.c in header.collections))
    throw new BackupError(`line ${lineNumber} of the backup is not a document of an announced collection.`);
  return { c: parsed.c, d: parsed.d };
}

/** The next line; a damaged or cut-off file is reported as such. */
async function nextLine(lines: AsyncIterator<string>, lineNumber: number): Promise<IteratorResult<string>> {
  try {
    return await lines.next();
  } catch (error) {
    throw new BackupError(
      `the backup is damaged at line ${lineNumber} (${(error as Error).message}); the target now holds a partial restore.`,
    );
  }
}

/** Streams the document lines into the target in batches of at most INSERT_BATCH. */
async function insertDocuments(
  db: Db,
  lines: AsyncIterator<string>,
  header: BackupHeader,
  options: RestoreOptions,
): Promise<void> {
  const restored: Record<string, number> = {};
  const batch: Batch = { name: '', docs: [], bytes: 0 };
  for (let lineNumber = 2; ; lineNumber++) {
    const next = await nextLine(lines, lineNumber);
    if (next.done) break;
    if (next.value === '') continue;
    const { c, d } = parseDocumentLine(next.value, header, lineNumber);
    if (!inScope(c, options)) continue;
    const full = batch.docs.length >= INSERT_BATCH || batch.bytes >= INSERT_BATCH_BYTES;
    if (c !== batch.name || full) await insertBatch(db, batch, restored);
    batch.name = c;
    batch.docs.push(d);
    batch.bytes += next.value.length;
  }
  await insertBatch(db, batch, restored);
}

/**
 * GridFS buckets (`<bucket>.files` + `<bucket>.chunks`) get the driver's own indexes
 * back: the driver creates them only on the first upload into an empty bucket, which
 * a restored bucket never is, and reading a file looks its chunks up by files_id.
 */
async function createGridfsIndexes(db: Db, names: string[]): Promise<void> {
  const buckets = names.filter((n) => n.endsWith('.files')).map((n) => n.slice(0, -'.files'.length));
  for (const bucket of buckets.filter((b) => names.includes(`${b}.chunks`))) {
    await db.collection(`${bucket}.files`).createIndex({ filename: 1, uploadDate: 1 });
    await db.collection(`${bucket}.chunks`).createIndex({ files_id: 1, n: 1 }, { unique: true });
  }
}

/** Compares each collection's count in the target with the header's. */
async function verifyCounts(db: Db, header: BackupHeader, names: string[]): Promise<RestoredCollection[]> {
  const collections: RestoredCollection[] = [];
  for (const name of names)
    collections.push({ name, expected: header.collections[name] ?? 0, restored: await countOf(db, name) });
  return collections;
}

/**
 * Restores `file` into `db`. Refuses (BackupError, nothing changed) a file that is not
 * a version-1 backup, and a target holding data unless `force`, which drops the
 * backup's collections first. The counts after the restore are checked, not assumed.
 */
export async function restoreBackup(db: Db, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const backup = await openBackup(file);
  try {
    const names = Object.keys(backup.header.collections).filter((name) => inScope(name, options));
    if (options.force) await dropTargetCollections(db, names, options);
    else await refuseNonEmptyTarget(db, names, options);
    await createMissingCollections(db, names);
    await insertDocuments(db, backup.lines, backup.header, options);
    await createGridfsIndexes(db, names);
    const collections = await verifyCounts(db, backup.header, names);
    return {
      header: backup.header,
      collections,
      documents: collections.reduce((sum, c) => sum + c.restored, 0),
      mismatches: collections.filter((c) => c.expected !== c.restored),
    };
  } finally {
    backup.close();
  }
}
