// The one database connection (mongoose's default connection), to MONGODB_URI when
// set, else to an embedded FerretDB started for this process.
import mongoose from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { EmbeddedFerretDB } from './embedded-ferretdb';
import { ensureFerretdbBinary } from './ferretdb-binary';

const HEALTH_TIMEOUT_MS = 1500;

export type Database = {
  uri: string;
  embedded: EmbeddedFerretDB | undefined;
  close(): Promise<void>;
};

export async function connectMongoose(uri: string): Promise<void> {
  // Fail fast instead of queueing while the database is away: requests then get a
  // clear "temporarily unavailable" answer, and the driver reconnects on its own.
  mongoose.set('bufferCommands', false);
  mongoose.set('strictQuery', true);
  await mongoose.connect(uri, {
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    socketTimeoutMS: 10_000,
    heartbeatFrequencyMS: 2000,
    autoIndex: true,
  });
}

export async function startDatabase(config: Config, log: Logger): Promise<Database> {
  if (config.mongodbUri) {
    await connectMongoose(config.mongodbUri);
    log.info('connected to MongoDB from MONGODB_URI');
    return { uri: config.mongodbUri, embedded: undefined, close: () => mongoose.disconnect() };
  }
  const binary = await ensureFerretdbBinary(config.ferretdbBin, (line) => log.info(line));
  const embedded = new EmbeddedFerretDB({ binary, dataDir: config.dataDir, log });
  const uri = await embedded.start();
  await connectMongoose(uri);
  log.info({ uri, dataDir: config.dataDir }, 'embedded FerretDB started');
  return {
    uri,
    embedded,
    close: async () => {
      await mongoose.disconnect();
      await embedded.stop();
    },
  };
}

/** Pings the database; false when it does not answer within a second and a half. */
export async function databaseIsUp(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db) return false;
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS).unref());
  const ping = db
    .admin()
    .ping()
    .then(() => true)
    .catch(() => false);
  return Promise.race([ping, timeout]);
}
