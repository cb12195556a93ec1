// One real embedded FerretDB for the whole test run, in a fresh temporary DATA_DIR
// on a free port, started the first time a test asks for it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectMongoose } from '../../src/core/db/database';
import { EmbeddedFerretDB } from '../../src/core/db/embedded-ferretdb';
import { ensureFerretdbBinary } from '../../src/core/db/ferretdb-binary';
import { seedCatalogue, seedCatalogueVersion } from '../../src/institutes/catalogue';
import { seedInstitutes } from '../../src/institutes/seed';
import mongoose from 'mongoose';
import { testLogger } from './logger';

export type TestDatabase = { uri: string; dataDir: string; embedded: EmbeddedFerretDB };

let started: Promise<TestDatabase> | undefined;

async function start(): Promise<TestDatabase> {
  const binary = await ensureFerretdbBinary(process.env.FERRETDB_BIN || undefined, (line) =>
    process.stderr.write(`${line}\n`),
  );
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sobujang-test-'));
  const embedded = new EmbeddedFerretDB({ binary, dataDir, log: testLogger, restartDelayMs: 500 });
  const uri = await embedded.start();
  await connectMongoose(uri);
  await seedInstitutes(seedCatalogue(), seedCatalogueVersion());
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
