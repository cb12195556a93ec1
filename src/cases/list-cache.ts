// The rows of each list key, held in memory and kept in step by change stamps
// (core/db/stamps.ts). Reading even lean rows costs ~0.2 ms each on the embedded
// database, and some lists are thousands long (the desk's open work is ~4,400 cases at
// the consortium's pace); so a list view reads two stamps by id and, while they have
// not moved, serves the rows it already holds. Every row write restamps the keys the
// case left and joined (rows.ts), and the writing process puts the new row into the
// lists it holds under the tokens it wrote, so it need not read them again. A bulk
// change (repair, re-key, volume seed) restamps ALL, which makes every held list stale.
// Each process holds its own lists; the stamps are shared, so other processes see
// the new tokens and read the list again.
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
  const [all, own] = await Promise.all([stamps.read(ALL), stamps.read(key)]);
  const token = `${all}/${own}`;
  const known = held.get(key);
  if (known?.token === token) return known.rows;
  // One read per key and token in this process, however many requests ask at once.
  const flight = `${key}@${token}`;
  const pending = loading.get(flight) ?? load(key, token);
  loading.set(flight, pending);
  return (await pending.finally(() => loading.delete(flight))).rows;
}

/**
 * Marks the lists the row left (`before`) and is in as changed; call after the row is
 * written. A held list takes the row in or lets it go under the token just written:
 * if anyone restamped the list meanwhile, the tokens differ and the list is read again.
 */
export async function listsChanged(row: CaseRowDoc, before: readonly string[]): Promise<void> {
  const { listKeys, ...shown } = row;
  const id = String(row._id);
  for (const [key, token] of await stamps.restamp([...before, ...listKeys])) {
    const known = held.get(key);
    if (!known) continue;
    const others = known.rows.filter((r) => String(r._id) !== id);
    const all = known.token.slice(0, known.token.indexOf('/'));
    hold(key, { token: `${all}/${token}`, rows: listKeys.includes(key) ? [...others, shown as CaseRowDoc] : others });
  }
}

/** Marks every list as changed, after a change to many rows at once. */
export const allListsChanged = async (): Promise<void> => void (await stamps.restamp([ALL]));
