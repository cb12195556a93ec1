// Group commit for chat entries. FerretDB (SQLite) commits one insert command at a
// time; a command with many documents costs little more than one with a single
// document. So sends waiting while a command is in flight are written together in
// the next one, in two unordered commands: first the idempotency keys, then the
// messages whose key was new. A duplicate `_id` fails only its own document.
// Other chat writes (read markers) run through the same queue, between two batches:
// concurrent writers make FerretDB's SQLite wait on its lock and slow everything down
// far more than taking turns does.
import type { Logger } from '../core/logger';
import { isDuplicateKey } from '../core/errors';
import { entries, type KeyEntry, type MessageEntry } from './model';

const MAX_ENTRIES_PER_BATCH = 200;

/** stored; `duplicate`: the key existed (a repeated send); `taken`: another message has this seq. */
export type InsertResult = 'stored' | 'duplicate' | 'taken';

type Insert = {
  key?: KeyEntry;
  message: MessageEntry;
  resolve: (result: InsertResult) => void;
  reject: (error: unknown) => void;
};
type Task = { task: () => Promise<void>; resolve: () => void; reject: (error: unknown) => void };
type Pending = Insert | Task;

const isTask = (p: Pending): p is Task => 'task' in p;

/** Indexes of the documents that failed with E11000; throws when anything else went wrong. */
async function insertUnordered(docs: (KeyEntry | MessageEntry)[]): Promise<Set<number>> {
  if (!docs.length) return new Set();
  try {
    await entries().insertMany(docs, { ordered: false });
    return new Set();
  } catch (error) {
    const raw = (error as { writeErrors?: unknown }).writeErrors;
    const writeErrors = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { index?: number; code?: number }[];
    if (!isDuplicateKey(error) || !writeErrors.length || writeErrors.some((w) => w.code !== 11000)) throw error;
    return new Set(writeErrors.map((w) => w.index ?? -1));
  }
}

export class EntryWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly log?: Logger) {}

  insert(message: MessageEntry, key?: KeyEntry): Promise<InsertResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ key, message, resolve, reject });
      void this.flush();
    });
  }

  /** Runs `task` alone, in turn with the inserts. */
  exclusive(task: () => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      void this.flush();
    });
  }

  private takeBatch(): Insert[] {
    let n = 0;
    for (const pending of this.queue) {
      if (n >= MAX_ENTRIES_PER_BATCH || isTask(pending)) break;
      n++;
    }
    return this.queue.splice(0, n) as Insert[];
  }

  private async writeBatch(batch: Insert[]): Promise<void> {
    const withKey = batch.filter((p): p is Insert & { key: KeyEntry } => !!p.key);
    const duplicateKeys = await insertUnordered(withKey.map((p) => p.key));
    const duplicates = new Set<Insert>(withKey.filter((_, i) => duplicateKeys.has(i)));
    const rest = batch.filter((p) => !duplicates.has(p));
    const taken = await insertUnordered(rest.map((p) => p.message));
    for (const p of duplicates) p.resolve('duplicate');
    rest.forEach((p, i) => p.resolve(taken.has(i) ? 'taken' : 'stored'));
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length) {
        const head = this.queue[0];
        if (head && isTask(head)) {
          this.queue.shift();
          await head.task().then(head.resolve, head.reject);
          continue;
        }
        const batch = this.takeBatch();
        await this.writeBatch(batch).catch((error: unknown) => {
          this.log?.warn({ err: error, entries: batch.length }, 'chat insert failed');
          for (const p of batch) p.reject(error);
        });
      }
    } finally {
      this.flushing = false;
    }
  }
}
