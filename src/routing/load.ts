// The open load of each institute (open cases it leads or is offered), a routing
// signal. Counting open cases on every routing would read thousands of cases, so the
// load is a counter on the institute, moved by every case change (cases/changes.ts), and
// recounted from each institute's bounded set of open cases by a job, so that a lost
// or doubled increment (FerretDB applies $inc as a read and a write) cannot drift for long.
import { isOpenStatus } from '../cases/list-keys';
import type { CaseChangeListener } from '../cases/changes';
import { CaseRow } from '../cases/row-model';
import type { Job } from '../core/jobs';
import type { Logger } from '../core/logger';
import { Institute } from '../institutes/model';

type LoadFields = { status: string; lead?: string | null; offeredTo?: string | null };

/** The institute whose load a case adds to: the lead, or the one it is offered to. */
export function loadHolder(c: LoadFields): string | undefined {
  return isOpenStatus(c.status) ? (c.lead ?? c.offeredTo ?? undefined) : undefined;
}

/**
 * The case-change listener. A lost move is left to the recount, not to a replay: on a
 * replay the case before the change is unknown, so nothing is moved.
 */
export const loadListener =
  (log: Logger): CaseChangeListener =>
  async (before, after, replay) => {
    if (replay) return;
    const from = before ? loadHolder(before) : undefined;
    const to = loadHolder(after);
    if (from === to) return;
    try {
      if (from) await Institute.updateOne({ code: from }, { $inc: { openLoad: -1 } });
      if (to) await Institute.updateOne({ code: to }, { $inc: { openLoad: 1 } });
    } catch (error) {
      log.warn({ err: error, from, to }, 'institute load not moved; the recount will fix it');
    }
  };

/** Sets every institute's load from its open cases (one bounded query per institute). */
export async function recountLoads(): Promise<void> {
  const institutes = await Institute.find({}, { code: 1 }).lean();
  for (const { code } of institutes) {
    const open = await CaseRow.find({ listKeys: `inst:${code}:open` }, { status: 1, lead: 1, offeredTo: 1 }).lean();
    const openLoad = open.filter((c) => loadHolder(c) === code).length;
    await Institute.updateOne({ code }, { $set: { openLoad } });
  }
}

export const loadRecountJob = (): Job => ({ name: 'institute load recount', everyMs: 30 * 60_000, run: recountLoads });
