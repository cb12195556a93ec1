// The rows of each list key, held in memory and kept in step by change stamps
// (core/db/stamps.ts). Reading even lean rows costs ~0.2 ms each on the embedded
// database, and some lists are thousands long (the desk's open work is ~4,400 cases at
// the consortium's pace); so a list view reads two stamps by id and, while they have
// not moved, serves the rows it already holds. Every row write restamps the keys the
// case left and joined (rows.ts); a bulk change (replay, re-key, volume seed) restamps
// ALL, which makes every held list stale. The next view of a restamped list reads it
// again, once for all the requests that ask meanwhile.
//
// Each process holds its own lists; the stamps are shared, so several processes stay
// correct. (Patching a held list with the row just written, under the token just
// written, would save that read, but could hide another process's change made in
// between: FerretDB has no atomic compare-and-set to rule that out.)
import { stampsIn } from '../core/db/stamps';
import { CaseRow, type CaseRowDoc } from './row-model';

const stamps = stampsIn('liststamps');
const ALL = '*';
/** How many rows the process holds at most (~1 KB each). */
const MAX_ROWS_HELD = 100_000;

type Held = { token: string; rows: readonly CaseRowDoc[] };

const held = new Map<string, Held>();
const loading = new Map<string, Promise<Held>>();
let rowsHeld = 0;

function hold(key: string, entry: Held): void {
  rowsHeld -= held.get(key)?.rows.length ?? 0;
  held.delete(key);
  held.set(key, entry);
  rowsHeld += entry.rows.length;
  for (const [oldest, { rows }] of held) {
    if (rowsHeld <= MAX_ROWS_HELD || oldest === key) break;
    held.delete(oldest);
    rowsHeld -= rows.length;
  }
}

async function load(key: string, token: string): Promise<Held> {
  const rows = await CaseRow.find({ listKeys: key }, { listKeys: 0 }).lean<CaseRowDoc[]>();
  const entry = { token, rows };
  hold(key, entry);
  return entry;
}

/** The rows of every case in the list `key`, as of now. Never modify them: they are shared. */
export async function rowsOf(key: string): Promise<readonly CaseRowDoc[]> {
  return (await rowsOfKeys([key])).get(key) ?? [];
}

/** The rows of several lists, reading the global stamp once for all of them (a page counting its tabs). */
export async function rowsOfKeys(keys: readonly string[]): Promise<Map<string, readonly CaseRowDoc[]>> {
  const unique = [...new Set(keys)];
  const [all, ...own] = await Promise.all([stamps.read(ALL), ...unique.map((key) => stamps.read(key))]);
  const rows = await Promise.all(unique.map((key, i) => heldRows(key, `${all}/${own[i]}`)));
  return new Map(unique.map((key, i) => [key, rows[i] ?? []]));
}

async function heldRows(key: string, token: string): Promise<readonly CaseRowDoc[]> {
  const known = held.get(key);
  if (known?.token === token) return known.rows;
  // One read per key and token in this process, however many requests ask at once.
  const flight = `${key}@${token}`;
  const pending = loading.get(flight) ?? load(key, token);
  loading.set(flight, pending);
  return (await pending.finally(() => loading.delete(flight))).rows;
}

/** Marks the lists as changed; call after the rows are written. */
export const listsChanged = (keys: Iterable<string>): Promise<void> => stamps.restamp(keys);

/** Marks every list as changed, after a change to many rows at once. */
export const allListsChanged = (): Promise<void> => stamps.restamp([ALL]);
