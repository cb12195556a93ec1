// The one place where a stored case change fans out to other features: the case's list
// row, the dashboard's month summaries, the institutes' open load and the case's chat
// system message. Features subscribe at assembly (subscriptions.ts); the case store
// announces each change after it is written.
//
// Every case write also sets `changePending`, and the announcement clears it once every
// listener has followed. A change whose fan-out was cut short (the database failed, the
// process died) keeps its mark, and the replay job announces it again. Listeners are
// told when a change is replayed: they must then work from the case as it is now (the
// case before the change is no longer known), and a replay may repeat work already done.
import type { Job } from '../core/jobs';
import type { Logger } from '../core/logger';
import { Case, type CaseDoc } from './model';

export type CaseChangeListener = (before: CaseDoc | undefined, after: CaseDoc, replay: boolean) => Promise<void>;

const listeners = new Map<string, CaseChangeListener>();
let log: Logger | undefined;

/** Subscribes `name` (a feature); subscribing the same name again replaces its listener. */
export function onCaseChange(name: string, listener: CaseChangeListener): void {
  listeners.set(name, listener);
}

/** Where failed listeners are reported. */
export function useCaseChangeLog(logger: Logger): void {
  log = logger;
}

async function fanOut(before: CaseDoc | undefined, after: CaseDoc, replay: boolean): Promise<void> {
  const results = await Promise.allSettled([...listeners].map(([, listener]) => listener(before, after, replay)));
  const failed = [...listeners.keys()].filter((_, i) => results[i]?.status === 'rejected');
  if (failed.length) {
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    log?.warn({ err: errors[0], caseId: String(after._id), failed }, 'case change not followed; the replay job will');
    return;
  }
  await Case.updateOne({ _id: after._id, rev: after.rev }, { $unset: { changePending: '' } });
}

/** Announces a stored change; a failure is logged and left to the replay job, never thrown. */
export async function announceCaseChange(before: CaseDoc | undefined, after: CaseDoc): Promise<void> {
  await fanOut(before, after, false).catch((error: unknown) =>
    log?.warn({ err: error, caseId: String(after._id) }, 'case change mark not cleared; the replay job will'),
  );
}

const REPLAY_BATCH = 200;

/** Announces again the changes whose fan-out did not finish; returns how many. */
export async function replayPendingChanges(): Promise<number> {
  const pending = await Case.find({ changePending: true }).limit(REPLAY_BATCH).lean<CaseDoc[]>();
  for (const c of pending) await fanOut(undefined, c, true);
  return pending.length;
}

export const changeReplayJob = (): Job => ({
  name: 'case change replay',
  everyMs: 60_000,
  run: replayPendingChanges,
});
