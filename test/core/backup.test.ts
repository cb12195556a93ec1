// The logical backup (scripts/backup-format.ts) against the real embedded database.
// The database is shared with other tests, so these tests only touch their own
// collections and GridFS bucket, and pass them as `only` to backup and restore.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import mongoose from 'mongoose';
import { BackupError, restoreBackup, writeBackup } from '../../scripts/backup-format';
import { testDatabase } from '../support/database';

type Db = mongoose.mongo.Db;
const { Binary, EJSON, Double, Int32, Long, ObjectId } = mongoose.mongo.BSON;

const BUCKET = 'backuptest';
const OWN = ['backup_test_a', 'backup_test_b', `${BUCKET}.files`, `${BUCKET}.chunks`];
const MANY = 1203; // more than two insert batches of 500

const connectedDb = (): Db => mongoose.connection.db!;

/** Every document of the test's collections as canonical Extended JSON, in _id order. */
async function snapshot(db: Db): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const name of OWN) {
    const docs = await db.collection(name).find({}).toArray();
    result[name] = docs.map((d) => EJSON.stringify(d, { relaxed: false })).sort();
  }
  return result;
}

async function dropOwn(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of OWN) if (existing.has(name)) await db.collection(name).drop();
}

async function seedOwn(db: Db, fileBytes: Buffer): Promise<mongoose.mongo.ObjectId> {
  await db.collection<{ _id: unknown; [field: string]: unknown }>('backup_test_a').insertMany([
    {
      _id: new ObjectId(),
      name: '소재·부품·장비 융합혁신지원단',
      at: new Date('2024-03-01T09:30:00.123Z'),
      // Arrays of objects holding arrays: FerretDB 1.24 refuses an array directly in an array.
      nested: { list: [{ deep: ['가', '나'] }, { values: [1, 2.5, 'x', { z: [] }] }, {}], empty: {} },
      numbers: { int: new Int32(7), long: Long.fromString('9007199254740993'), double: new Double(1) },
      flags: [true, false, null],
      raw: new Binary(Buffer.from([0, 1, 2, 254, 255])),
    },
    { _id: 'string-id', note: 'line\nbreak "quoted" \u2028 tab\t' },
  ]);
  await db
    .collection('backup_test_b')
    .insertMany(Array.from({ length: MANY }, (_, i) => ({ i, label: `문서 ${i}`, ref: new ObjectId() })));
  const bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: BUCKET, chunkSizeBytes: 1000 });
  const upload = bucket.openUploadStream('도면.pdf', { metadata: { caseId: new ObjectId() } });
  await new Promise<void>((resolve, reject) => upload.on('finish', resolve).on('error', reject).end(fileBytes));
  return upload.id;
}

async function download(db: Db, id: mongoose.mongo.ObjectId): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of new mongoose.mongo.GridFSBucket(db, { bucketName: BUCKET }).openDownloadStream(id))
    parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function expectRefusal(promise: Promise<unknown>, message: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(BackupError);
    expect((error as Error).message).to.match(message);
    return;
  }
  throw new Error('expected a BackupError');
}

describe('database backup and restore', function () {
  this.timeout(60_000);
  let db: Db;
  let dir: string;
  let file: string;
  let fileId: mongoose.mongo.ObjectId;
  let original: Record<string, string[]>;
  const fileBytes = randomBytes(4500);

  before(async () => {
    await testDatabase();
    db = connectedDb();
    dir = await mkdtemp(path.join(os.tmpdir(), 'sobujang-backup-'));
    file = path.join(dir, 'nested', 'backup.jsonl.gz');
    await dropOwn(db);
    fileId = await seedOwn(db, fileBytes);
    original = await snapshot(db);
    await writeBackup(db, file, { only: OWN });
  });

  after(async () => {
    await dropOwn(db);
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a header with the counts, then one canonical Extended JSON line per document', async () => {
    const lines = gunzipSync(await readFile(file))
      .toString('utf8')
      .trimEnd()
      .split('\n');
    const header = JSON.parse(lines[0]!) as { format: string; version: number; collections: Record<string, number> };
    expect(header).to.include({ format: 'sobujang-backup', version: 1 });
    expect(header.collections).to.deep.equal({
      backup_test_a: 2,
      backup_test_b: MANY,
      [`${BUCKET}.files`]: 1,
      [`${BUCKET}.chunks`]: 5,
    });
    expect(lines).to.have.length(1 + 2 + MANY + 1 + 5);
    const first = lines.find((l) => l.startsWith('{"c":"backup_test_a"'))!;
    expect(first).to.include('"$oid"').and.include('"$date"').and.include('"$numberLong"').and.include('융합');
    expect(await readdir(path.dirname(file))).to.deep.equal(['backup.jsonl.gz']);
  });

  it('refuses to restore into a target that holds data, and changes nothing', async () => {
    await expectRefusal(restoreBackup(db, file, { only: OWN }), /already holds documents in .*backup_test_a \(2\)/);
    expect(await snapshot(db)).to.deep.equal(original);
  });

  it('restores into an empty target exactly: ids, dates, types, nesting, Korean text, file bytes', async () => {
    await dropOwn(db);
    const result = await restoreBackup(db, file, { only: OWN });
    expect(result.mismatches).to.deep.equal([]);
    expect(result.documents).to.equal(2 + MANY + 1 + 5);
    expect(await snapshot(db)).to.deep.equal(original);
    expect((await download(db, fileId)).equals(fileBytes)).to.equal(true);
  });

  it('with force, replaces what the target holds', async () => {
    await db.collection('backup_test_a').insertOne({ extra: true });
    await db.collection('backup_test_b').deleteMany({ i: { $lt: 10 } });
    const result = await restoreBackup(db, file, { only: OWN, force: true });
    expect(result.mismatches).to.deep.equal([]);
    expect(await snapshot(db)).to.deep.equal(original);
  });

  it('refuses a file that is not a version-1 sobujang backup, and changes nothing', async () => {
    const other = path.join(dir, 'other.jsonl.gz');
    await writeFile(other, gzipSync('{"format":"mongodump","version":1,"collections":{}}\n'));
    await expectRefusal(restoreBackup(db, other, { only: OWN, force: true }), /not a sobujang-backup file/);
    await writeFile(other, gzipSync('{"format":"sobujang-backup","version":2,"collections":{}}\n'));
    await expectRefusal(restoreBackup(db, other, { only: OWN, force: true }), /version 2; this tool reads version 1/);
    await writeFile(other, 'plain text, not gzip\n');
    await expectRefusal(restoreBackup(db, other, { only: OWN, force: true }), /not a gzip-compressed/);
    await expectRefusal(restoreBackup(db, path.join(dir, 'missing.gz'), { only: OWN }), /no such file/);
    expect(await snapshot(db)).to.deep.equal(original);
  });

  it('leaves no file under the final name when a backup fails', async () => {
    const failing = new Proxy(db, {
      get: (target, property, receiver) =>
        property === 'collection'
          ? () => {
              throw new Error('read failed');
            }
          : Reflect.get(target, property, receiver),
    });
    const target = path.join(dir, 'failed.jsonl.gz');
    try {
      await writeBackup(failing, target, { only: OWN });
      throw new Error('expected the backup to fail');
    } catch (error) {
      expect((error as Error).message).to.equal('read failed');
    }
    expect((await readdir(dir)).filter((name) => name.startsWith('failed'))).to.deep.equal([]);
    expect(existsSync(target)).to.equal(false);
  });
});
