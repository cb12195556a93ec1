// Finds or builds the embedded FerretDB binary. It is built once from the Go module
// proxy into a git-ignored cache folder of the project. We build from a copy of the
// module source rather than with `go install …@version`: the proxy here does not
// serve the module's version list (which `go install` asks for), and FerretDB
// panics at start unless build/version/version.txt holds its version.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { StartupError } from '../errors';

const run = promisify(execFile);

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../../..');
export const DEFAULT_FERRETDB_BIN = path.join(PROJECT_ROOT, '.cache', 'ferretdb', FERRETDB_VERSION, 'ferretdb');

const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' };

async function goIsAvailable(): Promise<boolean> {
  try {
    await run('go', ['version'], { env: goEnv });
    return true;
  } catch {
    return false;
  }
}

async function downloadModuleSource(): Promise<string> {
  const { stdout } = await run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
    env: goEnv,
    cwd: os.tmpdir(),
    maxBuffer: 1 << 20,
  });
  const dir = (JSON.parse(stdout) as { Dir?: string }).Dir;
  if (!dir) throw new Error(`go mod download gave no source folder for ${FERRETDB_MODULE}`);
  return dir;
}

async function buildFromSource(sourceDir: string, target: string): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'ferretdb-build-'));
  try {
    const src = path.join(work, 'src');
    await cp(sourceDir, src, { recursive: true });
    await run('chmod', ['-R', 'u+w', src]);
    await writeFile(path.join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    const built = path.join(work, 'ferretdb');
    // Newer Go refuses FerretDB's old //go:linkname uses at link time without this flag.
    await run('go', ['build', '-trimpath', '-ldflags=-checklinkname=0', '-o', built, './cmd/ferretdb'], {
      env: goEnv,
      cwd: src,
      maxBuffer: 16 << 20,
    });
    await mkdir(path.dirname(target), { recursive: true });
    await chmod(built, 0o755);
    await rename(built, target).catch(async () => {
      await cp(built, target);
      await chmod(target, 0o755);
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Returns the path of a runnable FerretDB binary, building it first when absent.
 * `announce` receives one human line before a build starts (it takes minutes).
 */
export async function ensureFerretdbBinary(
  explicitPath: string | undefined,
  announce: (line: string) => void,
): Promise<string> {
  if (explicitPath) {
    if (!existsSync(explicitPath))
      throw new StartupError(`FERRETDB_BIN points at ${explicitPath}, which does not exist.`);
    return explicitPath;
  }
  if (existsSync(DEFAULT_FERRETDB_BIN)) return DEFAULT_FERRETDB_BIN;
  if (!(await goIsAvailable())) {
    throw new StartupError(
      'No database: set MONGODB_URI to a MongoDB server, or install Go (1.24 or newer) so the embedded FerretDB can be built.',
    );
  }
  announce(`Building the embedded database (FerretDB ${FERRETDB_VERSION}), one time, a few minutes…`);
  await buildFromSource(await downloadModuleSource(), DEFAULT_FERRETDB_BIN);
  announce(`Embedded database built: ${DEFAULT_FERRETDB_BIN}`);
  return DEFAULT_FERRETDB_BIN;
}
