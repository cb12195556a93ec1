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
/** How long a count of another tab may lag behind a change (rowsOfKeys, `settled`). */
const SETTLED_MS = 2_000;
/** How many rows the process holds at most (~1 KB each). */
const MAX_ROWS_HELD = 100_000;

/** `checkedAt`: when the stamps last confirmed these rows (Date.now()). */
type Held = { token: string; rows: readonly CaseRowDoc[]; checkedAt: number };

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
  const entry = { token, rows, checkedAt: Date.now() };
  hold(key, entry);
  return entry;
}

/**
 * The rows of every case in each list `key`, as of now (never modify them: they are
 * shared), reading the global stamp once for all of them. Lists that
 * may be a little behind (`settled`: the other tabs a page only counts) are served as
 * held when the stamps confirmed them within SETTLED_MS, without reading their stamps.
 */
export async function rowsOfKeys(
  keys: readonly string[],
  settled: ReadonlySet<string> = new Set(),
): Promise<Map<string, readonly CaseRowDoc[]>> {
  const unique = [...new Set(keys)];
  const now = Date.now();
  const recent = (key: string) => settled.has(key) && now - (held.get(key)?.checkedAt ?? 0) < SETTLED_MS;
  const served = new Map(unique.filter(recent).map((key) => [key, held.get(key)?.rows ?? []]));
  const toCheck = unique.filter((key) => !served.has(key));
  if (!toCheck.length) return served;
  const [all, ...own] = await Promise.all([stamps.read(ALL), ...toCheck.map((key) => stamps.read(key))]);
  const rows = await Promise.all(toCheck.map((key, i) => heldRows(key, `${all}/${own[i]}`)));
  toCheck.forEach((key, i) => served.set(key, rows[i] ?? []));
  return served;
}

async function heldRows(key: string, token: string): Promise<readonly CaseRowDoc[]> {
  const known = held.get(key);
  if (known?.token === token) {
    known.checkedAt = Date.now();
    return known.rows;
  }
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
