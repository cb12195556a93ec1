// One real embedded FerretDB on PostgreSQL for the whole test run, in a fresh temporary
// DATA_DIR, started the first time a test asks for it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectMongoose, prepareCollections } from '../../src/core/db/database';
import { EmbeddedDatabase } from '../../src/core/db/embedded-database';
import { ensureFerretdbBinary } from '../../src/core/db/ferretdb-binary';
import { seedCatalogue, seedCatalogueVersion } from '../../src/institutes/catalogue';
import { seedInstitutes } from '../../src/institutes/seed';
import { seedCatalogueEquipment } from '../../src/equipment/seed';
import mongoose from 'mongoose';
import { testLogger } from './logger';

export type TestDatabase = { uri: string; dataDir: string; embedded: EmbeddedDatabase };

let started: Promise<TestDatabase> | undefined;

async function start(): Promise<TestDatabase> {
  const binary = await ensureFerretdbBinary(process.env.FERRETDB_BIN || undefined, (line) =>
    process.stderr.write(`${line}\n`),
  );
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sobujang-test-'));
  const embedded = await EmbeddedDatabase.start({ binary, dataDir, log: testLogger, restartDelayMs: 500 });
  const uri = embedded.uri;
  await connectMongoose(uri);
  await prepareCollections(embedded);
  await seedInstitutes(seedCatalogue(), seedCatalogueVersion());
  await seedCatalogueEquipment(seedCatalogue());
  return { uri, dataDir, embedded };
}

/** The shared test database, connected through mongoose and seeded with the catalogue. */
export function testDatabase(): Promise<TestDatabase> {
  started ??= start();
  return started;
}

export async function stopTestDatabase(): Promise<void> {
  if (!started) return;
  const { embedded, dataDir } = await started;
  await mongoose.disconnect();
  await embedded.stop();
  await rm(dataDir, { recursive: true, force: true });
  started = undefined;
}
