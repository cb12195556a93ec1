// Runs a database server as a supervised child process: it dies with us, and it is
// started again on the same port when it dies on its own.
//
// The child is started through a tiny `sh` wrapper that signals the server when our
// stdin pipe closes, so the server also stops when this process dies without running
// any handler (SIGKILL, OOM). If the server exits on its own, the supervisor starts it
// again after a short delay on the same address, so every client configured with that
// address (the MongoDB driver, FerretDB's PostgreSQL pool) reconnects by itself.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { Logger } from '../logger';
import { StartupError } from '../errors';

// sh gives background jobs /dev/null as stdin, so the watcher reads our pipe as fd 3.
const wrapper = (signal: string) =>
  `exec 3<&0; "$@" & child=$!; (cat <&3 >/dev/null; kill -${signal} $child 2>/dev/null) & wait $child`;

export type ProcessSpec = {
  /** A short name for logs and messages, e.g. "PostgreSQL". */
  name: string;
  command: string;
  args: string[];
  /** The signal that asks the server to stop quickly and cleanly. */
  stopSignal: 'TERM' | 'INT';
  /** Answers true once the server serves requests. */
  isReady(): Promise<boolean>;
  /** Run as this user (when we are root and the server refuses to run as root). */
  uid?: number;
  gid?: number;
  log: Logger;
  /** How loud the server's own stderr lines are in our log. */
  stderrLevel: 'warn' | 'debug';
  /** Lines the server reports as errors that are the app's normal flow: logged at debug. */
  routine?: RegExp;
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

/** True when nothing listens on the port of 127.0.0.1, so a server of ours may take it. */
export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

export async function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export class SupervisedProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(private readonly spec: ProcessSpec) {}

  /** The wrapper's pid; the server itself is its only child. */
  get wrapperPid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    // Our own exit (normal or after a crash handler) must take the server with it.
    process.once('exit', () => this.child && this.killGroup(this.child, 'SIGKILL'));
    this.spawnChild();
    await this.waitUntilReady();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin?.end();
    const killAfter = setTimeout(() => this.killGroup(child, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(killAfter);
  }

  private spawnChild(): void {
    const { spec } = this;
    const child = spawn('sh', ['-c', wrapper(spec.stopSignal), spec.name, spec.command, ...spec.args], {
      stdio: ['pipe', 'ignore', 'pipe'],
      detached: true,
      uid: spec.uid,
      gid: spec.gid,
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        const level = spec.routine?.test(line) ? 'debug' : spec.stderrLevel;
        spec.log[level]({ server: spec.name, line: line.slice(0, 600) }, 'database');
      }
    });
    child.once('exit', (code, signal) => this.onExit(code, signal));
    this.child = child;
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.child?.stdin?.destroy();
    if (this.stopping) return;
    const delay = this.spec.restartDelayMs ?? 3000;
    this.spec.log.warn({ server: this.spec.name, code, signal, restartInMs: delay }, 'database stopped; restarting');
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
    const timeoutMs = this.spec.readyTimeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const exitCode = this.child?.exitCode;
      if (exitCode !== null && exitCode !== undefined) {
        throw new StartupError(`${this.spec.name} exited at start (code ${exitCode}); run with LOG_LEVEL=debug.`);
      }
      if (await this.spec.isReady()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new StartupError(`${this.spec.name} did not answer within ${timeoutMs / 1000} seconds.`);
  }
}
