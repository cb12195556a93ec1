// Starting and stopping app processes (test/chat/fixtures/chat-process.ts) for the
// multi-process chat tests.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const FIXTURE = path.resolve(import.meta.dirname, 'fixtures/chat-process.ts');

export type AppProcess = {
  url: string;
  port: number;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
};

export function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('app process did not start')), 30_000);
    child.once('exit', (code) => reject(new Error(`app process exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const { port } = JSON.parse(line) as { port?: number };
      if (!port) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        child,
        stop: (signal = 'SIGTERM') =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill(signal);
          }),
      });
    });
  });
}
