// The harness of `npm run bench:pages` (bench-pages.ts): a fixed-concurrency timing
// loop, latency statistics, plain-text tables, and the child processes (seed, app)
// it starts and always stops again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

// ---- timing

export type Stats = {
  count: number;
  errors: number;
  /** The first failure seen, as evidence (status and the start of the body, or the exception). */
  firstError?: string;
  p50: number;
  p95: number;
  max: number;
  rps: number;
};

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** An exception as evidence, with its cause (fetch reports "fetch failed" and puts the reason there). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${describeError(error.cause)})` : '';
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}${cause}`;
}

/** What one request or query reports: ok, or what went wrong. */
export type Outcome = true | string;

/**
 * Runs `once` `count` times with `concurrency` of them in flight at all times and
 * times each from start to finish. Requests/s is count divided by the wall time.
 */
export async function timeLoop(count: number, concurrency: number, once: () => Promise<Outcome>): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      const t0 = performance.now();
      let outcome: Outcome;
      try {
        outcome = await once();
      } catch (error) {
        outcome = describeError(error);
      }
      latencies.push(performance.now() - t0);
      if (outcome !== true) {
        errors++;
        firstError ??= outcome;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    count,
    errors,
    ...(firstError ? { firstError } : {}),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies.at(-1) ?? 0,
    rps: seconds > 0 ? count / seconds : 0,
  };
}

// ---- output

export type Align = 'left' | 'right';

/** A plain text table: columns padded to their widest cell, numbers right-aligned. */
export function table(header: string[], rows: string[][], align: Align[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (align[i] === 'left' ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
export const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
export const whole = (value: number) => Math.round(value).toLocaleString('en-US');

// ---- child processes

/**
 * A fingerprint of the code the app starts with (the files under `dirs`), and when the
 * newest of them changed: results of runs with different fingerprints measured different code.
 */
export async function codeFingerprint(root: string, dirs: string[]): Promise<{ hash: string; newest: string }> {
  const hash = createHash('sha256');
  let newest = 0;
  for (const dir of dirs) {
    const files = (await readdir(path.join(root, dir), { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
    for (const file of files) {
      hash
        .update(path.relative(root, file))
        .update('\0')
        .update(await readFile(file))
        .update('\0');
      newest = Math.max(newest, (await stat(file)).mtimeMs);
    }
  }
  return { hash: hash.digest('hex').slice(0, 12), newest: new Date(newest).toISOString() };
}

/** A port nobody listens on at 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Keeps the last lines a child printed, to show when it fails. */
export class Tail {
  private readonly lines: string[] = [];
  constructor(private readonly max = 40) {}
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.shift();
  }
  toString(): string {
    return this.lines.join('\n');
  }
}

export type Child = {
  process: ChildProcess;
  exited: Promise<number | null>;
  output: Tail;
};

/**
 * Starts `node --import tsx <script>` in a process group of its own, so that it (and
 * anything it starts in that group) can be stopped together. Its embedded database
 * processes watch their stdin and stop when it dies. Each output line goes to `onLine`.
 */
export function startTs(
  script: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  onLine: (line: string) => void = () => undefined,
): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = new Tail();
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      output.push(line);
      onLine(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });
  return { process: child, exited, output };
}

const isRunning = (child: Child) => child.process.exitCode === null && child.process.signalCode === null;

function signalGroup(child: Child, signal: NodeJS.Signals): void {
  const pid = child.process.pid;
  if (pid === undefined || !isRunning(child)) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** SIGTERM to the child's group, then SIGKILL when it has not exited after `graceMs`. */
export async function stopChild(child: Child, graceMs = 20_000): Promise<void> {
  if (!isRunning(child)) return;
  signalGroup(child, 'SIGTERM');
  const done = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    signalGroup(child, 'SIGKILL');
    await Promise.race([child.exited, sleep(5_000)]);
  }
}

/** Resolves with the exit code, or kills the child and rejects after `timeoutMs`. */
export async function waitForExit(child: Child, timeoutMs: number, what: string): Promise<number | null> {
  const timedOut = Symbol('timeout');
  const result = await Promise.race([child.exited, sleep(timeoutMs).then(() => timedOut)]);
  if (result === timedOut) {
    await stopChild(child, 5_000);
    throw new Error(`${what} did not finish within ${Math.round(timeoutMs / 1000)} s`);
  }
  return result as number | null;
}

/** Polls `url` until it answers 200; fails when the child exits or `timeoutMs` passes. */
export async function waitUntilHealthy(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(child)) throw new Error(`the app exited during start-up:\n${child.output.toString()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(
    `the app did not answer ${url} within ${Math.round(timeoutMs / 1000)} s:\n${child.output.toString()}`,
  );
}

/** The session cookie ("sobujang.sid=…") of a demo account, logged in through the app's login API. */
export async function demoSessionCookie(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sobujang.sid='));
  if (res.status !== 200 || !cookie) throw new Error(`login of ${email}: HTTP ${res.status}`);
  return cookie.split(';')[0] ?? '';
}
