// The dashboard's rows, one summary per month, kept in step with case changes.
//
// A period's figures need every case that was submitted, resolved or declined in it:
// a year is ~23,000 cases, far too many to read per page view. So each month has
//   dashboardstamps  {_id: "2026-11", token}          restamped by every change of a case
//                                                      active in that month (core/db/stamps.ts)
//   dashboardmonths  {_id: "2026-11", version, rows}   the month's rows as of token `version`
// A reader compares the month's stamp with the summary it has (in memory, else stored)
// and rebuilds only a month whose stamp has moved, from that month's bounded set of
// cases (`listKeys: act:<month>`). The stamp is replaced after the case is written, so a
// summary built at a token always includes the changes announced up to it.
import mongoose from 'mongoose';
import { stampsIn } from '../core/db/stamps';
import { isDuplicateKey } from '../core/errors';
import { activityMonths } from '../cases/list-keys';
import { Case } from '../cases/model';
import type { CaseChangeListener } from '../cases/changes';
import type { CaseRow, Period } from './figures';
import { ROW_PROJECTION, toRow, type StoredRow } from './rows';

export type Summary = { _id: string; version: string; rows: CaseRow[] };

const stamps = stampsIn('dashboardstamps');
const summaries = () => mongoose.connection.collection<Summary>('dashboardmonths');

const KST_OFFSET_MS = 9 * 3600_000;
const REMEMBERED_MONTHS = 60;

const memory = new Map<string, Summary>();
const building = new Map<string, Promise<Summary>>();

/** The Korea-time months a period spans, e.g. ["2026-01", …, "2026-11"]. */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  const last = new Date(period.end.getTime() - 1 + KST_OFFSET_MS).toISOString().slice(0, 7);
  const at = new Date(new Date(period.start.getTime() + KST_OFFSET_MS).toISOString().slice(0, 7) + '-01T00:00:00Z');
  for (let month = at.toISOString().slice(0, 7); month <= last; month = at.toISOString().slice(0, 7)) {
    months.push(month);
    at.setUTCMonth(at.getUTCMonth() + 1);
  }
  return months;
}

function remember(summary: Summary): void {
  memory.delete(summary._id);
  memory.set(summary._id, summary);
  if (memory.size > REMEMBERED_MONTHS) memory.delete(memory.keys().next().value as string);
}

/**
 * Stores a month's summary. Two rebuilds of a month not stored yet (two versions, or two
 * processes) can both try to insert it; the one that loses gets E11000 and replaces the
 * document the other inserted. The version stamp, read on every view, decides later
 * whether the stored summary is current.
 */
export async function storeSummary(summary: Summary): Promise<void> {
  try {
    await summaries().replaceOne({ _id: summary._id }, summary, { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await summaries().replaceOne({ _id: summary._id }, summary, { upsert: true });
  }
}

async function rebuild(month: string, version: string): Promise<Summary> {
  const cases = await Case.find({ listKeys: `act:${month}` }, ROW_PROJECTION).lean<StoredRow[]>();
  const summary = { _id: month, version, rows: cases.map(toRow) };
  await storeSummary(summary);
  remember(summary);
  return summary;
}

async function loadOrRebuild(month: string, version: string): Promise<Summary> {
  const stored = await summaries().findOne({ _id: month });
  if (stored && stored.version === version) {
    remember(stored);
    return stored;
  }
  return rebuild(month, version);
}

// A busy month holds thousands of cases and takes seconds to rebuild on the embedded
// database. A reader that starts a rebuild waits for it up to FRESH_WAIT_MS; after that,
// and for every reader while it runs, a month known before is served as it was, and
// the figures catch up as soon as the rebuild is done.
const FRESH_WAIT_MS = 2_000;
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis).unref());

async function monthRows(month: string): Promise<Summary> {
  const version = await stamps.read(month);
  const known = memory.get(month);
  if (known?.version === version) return known;
  // One rebuild per month and version in this process, however many readers ask.
  const key = `${month}@${version}`;
  const running = building.get(key);
  if (running && known) return known;
  const pending = running ?? loadOrRebuild(month, version);
  if (!running) {
    building.set(key, pending);
    pending.finally(() => building.delete(key)).catch(() => undefined);
  }
  // After a restart, the summary stored before (at an older version) stands in.
  const before = known ?? (await summaries().findOne({ _id: month })) ?? undefined;
  if (!before) return pending;
  return Promise.race([pending, sleep(FRESH_WAIT_MS).then(() => before)]);
}

export type PeriodRows = {
  rows: CaseRow[];
  /** Which version of each month the rows are: equal signatures mean equal rows. */
  signature: string;
};

/** Which version of each of the period's months is current; equal signatures mean equal rows. */
export async function periodSignature(period: Period): Promise<string> {
  const months = monthsOf(period);
  const tokens = await Promise.all(months.map((month) => stamps.read(month)));
  return months.map((month, i) => `${month}@${tokens[i]}`).join(',');
}

/** Every case active in the period's months (a case active in several appears once). */
export async function rowsForPeriod(period: Period): Promise<PeriodRows> {
  const months = await Promise.all(monthsOf(period).map(monthRows));
  return {
    rows: [...new Map(months.flatMap((m) => m.rows).map((row) => [row.id, row])).values()],
    signature: months.map((m) => `${m._id}@${m.version}`).join(','),
  };
}

/** Marks the months as changed, so their summaries are rebuilt on the next read. */
export async function touchMonths(months: Iterable<string>): Promise<void> {
  await stamps.restamp(months);
}

/** The case-change listener: restamps the months the case was and is active in. */
export const dashboardListener: CaseChangeListener = async (before, after) => {
  await touchMonths([...(before ? activityMonths(before) : []), ...activityMonths(after)]);
};
