// Runs FerretDB (SQLite backend) as a supervised child process on 127.0.0.1.
//
// The child is started through a tiny `sh` wrapper that kills FerretDB when our
// stdin pipe closes, so the database also stops when this process dies without
// running any handler (SIGKILL, OOM). If FerretDB exits on its own, the supervisor
// starts it again on the same port after a short delay; the MongoDB driver then
// reconnects by itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger';
import { StartupError } from '../errors';

// sh gives background jobs /dev/null as stdin, so the watcher reads our pipe as fd 3.
const WRAPPER = 'exec 3<&0; "$@" & child=$!; (cat <&3 >/dev/null; kill $child 2>/dev/null) & wait $child';

export type EmbeddedOptions = {
  binary: string;
  dataDir: string;
  log: Logger;
  restartDelayMs?: number;
  readyTimeoutMs?: number;
};

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export class EmbeddedFerretDB {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private port = 0;

  constructor(private readonly options: EmbeddedOptions) {}

  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}/sobujang`;
  }

  /** The wrapper's pid; FerretDB itself is its only child. */
  get wrapperPid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<string> {
    this.port = await findFreePort();
    await mkdir(this.stateDir(), { recursive: true });
    await mkdir(this.sqliteDir(), { recursive: true });
    // Our own exit (normal or after a crash handler) must take the database with it.
    process.once('exit', () => this.child && this.killGroup(this.child, 'SIGTERM'));
    this.spawnChild();
    await this.waitUntilReady();
    return this.uri;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin?.end();
    const killAfter = setTimeout(() => this.killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(killAfter);
  }

  private stateDir(): string {
    return path.join(this.options.dataDir, 'ferretdb-state');
  }

  private sqliteDir(): string {
    return path.join(this.options.dataDir, 'ferretdb');
  }

  private arguments(): string[] {
    return [
      '--handler=sqlite',
      `--sqlite-url=file:${this.sqliteDir()}/`,
      `--listen-addr=127.0.0.1:${this.port}`,
      `--state-dir=${this.stateDir()}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=error',
      '--log-format=json',
    ];
  }

  private spawnChild(): void {
    const child = spawn('sh', ['-c', WRAPPER, 'ferretdb', this.options.binary, ...this.arguments()], {
      stdio: ['pipe', 'ignore', 'pipe'],
      detached: true,
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean))
        this.options.log.warn({ ferretdb: line }, 'embedded database');
    });
    child.once('exit', (code, signal) => this.onExit(code, signal));
    this.child = child;
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.child?.stdin?.destroy();
    if (this.stopping) return;
    const delay = this.options.restartDelayMs ?? 3000;
    this.options.log.warn({ code, signal, restartInMs: delay }, 'embedded database stopped; restarting it');
    this.restartTimer = setTimeout(() => {
      if (!this.stopping) this.spawnChild();
    }, delay);
  }

  private killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined || child.exitCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? 30_000);
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
        throw new StartupError(
          `The embedded database exited at start (code ${this.child.exitCode}); see the log above.`,
        );
      }
      if (await portAnswers(this.port)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new StartupError('The embedded database did not answer within 30 seconds.');
  }
}
