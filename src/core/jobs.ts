// Background jobs: each runs on its own timer, so one that fails (a slow or absent
// database) never stops another. A failure is logged once per run and the next run
// waits longer (doubling up to ten times the interval); a success resets the wait.
import type { Logger } from './logger';

export type Job = { name: string; everyMs: number; run(): Promise<unknown> };

/** Starts the jobs; the returned function stops them all. */
export function startJobs(jobs: Job[], log: Logger): () => void {
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;
  const schedule = (job: Job, delayMs: number) => {
    if (stopped) return;
    const timer = setTimeout(async () => {
      try {
        await job.run();
        schedule(job, job.everyMs);
      } catch (error) {
        const nextMs = Math.min(delayMs * 2, job.everyMs * 10);
        log.warn({ err: error, job: job.name, retryInMs: nextMs }, 'background job failed');
        schedule(job, nextMs);
      }
    }, delayMs);
    timer.unref();
    timers.set(job.name, timer);
  };
  for (const job of jobs) schedule(job, job.everyMs);
  return () => {
    stopped = true;
    for (const timer of timers.values()) clearTimeout(timer);
  };
}
