// Storing and reading case chat messages.
//
// Sequence numbers: each case's messages are numbered 1, 2, 3… with no gaps. The
// message `_id` is "<caseId>:<seq>", so claiming a number is an insert that fails
// with E11000 when another process took it first (the one atomic operation FerretDB
// offers); the loser moves past the real end and tries again. Within a process the
// sends of one case are queued, so they never collide with each other and are
// broadcast in the order they were stored.
//
// Idempotency: a key entry "<caseId>:k:<author>:<clientId>" → seq is inserted in the
// same ordered command just before the message. If the key exists the send is a
// repeat: nothing is stored and the stored message is returned.
import { Lru } from '../core/lru';
import type { Logger } from '../core/logger';
import { AppError } from '../core/errors';
import type { LocalMessage } from '../i18n/messages';
import { EntryWriter } from './batcher';
import {
  entries,
  keyId,
  messageId,
  readId,
  reads,
  rooms,
  type ChatAttachment,
  type ChatAuthor,
  type KeyEntry,
  type MessageEntry,
} from './model';

export const CHAT_TEXT_MAX = 2000;
export const JOIN_MESSAGES = 30;
export const CATCH_UP_MAX = 500;
export const HISTORY_MAX = 100;

const RECENT_MESSAGES = 20_000;
const KNOWN_CASES = 10_000;
const DUPLICATE_WAIT_MS = 3_000;
const STALE_KEY_MS = 30_000;
const KEY_SEARCH = 200;

// Per process. Messages never change once stored, so caching them by id is always right.
const recent = new Lru<string, MessageEntry>(RECENT_MESSAGES);
const recentKeys = new Lru<string, string>(RECENT_MESSAGES);
const lastSeqs = new Lru<string, number>(KNOWN_CASES);
const knownReaders = new Lru<string, Set<string>>(KNOWN_CASES);
const locks = new Map<string, Promise<unknown>>();

let writer = new EntryWriter();

/** Logs failed group inserts through the app's logger. */
export function useChatLogger(log: Logger): void {
  writer = new EntryWriter(log);
}

function withCaseLock<T>(caseId: string, work: () => Promise<T>): Promise<T> {
  const previous = locks.get(caseId) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  locks.set(caseId, settled);
  void settled.then(() => {
    if (locks.get(caseId) === settled) locks.delete(caseId);
  });
  return run;
}

// ---- readers of a room (for read receipts)

export type ReaderRef = { id: string; name: string };

function rememberReader(caseId: string, userId: string): void {
  const known = knownReaders.get(caseId) ?? new Set<string>();
  known.add(userId);
  knownReaders.set(caseId, known);
}

// The room lists who has read markers, for the receipts shown on join. Written as a
// whole list ($set): FerretDB v1 hung on bulk upserts with $addToSet/$setOnInsert.
// Two processes adding readers to one room at once may drop one; the next read re-adds it.
async function saveReader(caseId: string, user: ReaderRef): Promise<void> {
  if (knownReaders.get(caseId)?.has(user.id)) return;
  const { readers } = await storedRoom(caseId);
  for (const r of readers) rememberReader(caseId, r.id);
  if (!readers.some((r) => r.id === user.id)) {
    await rooms().updateOne(
      { _id: caseId },
      { $set: { readers: [...readers, { id: user.id, name: user.name }] } },
      { upsert: true },
    );
  }
  rememberReader(caseId, user.id);
}

async function addReader(caseId: string, user: ReaderRef): Promise<void> {
  if (knownReaders.get(caseId)?.has(user.id)) return;
  await writer.exclusive(() => saveReader(caseId, user));
}

// ---- sequence numbers

async function exists(caseId: string, seq: number): Promise<boolean> {
  if (seq <= 0) return true;
  const id = messageId(caseId, seq);
  if (recent.get(id)) return true;
  return (await entries().findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
}

/** The last seq of the case, searching forward from one known to exist (seqs have no gaps). */
async function probeForward(caseId: string, from: number): Promise<number> {
  if (!(await exists(caseId, from + 1))) return from;
  let low = from + 1;
  let step = 2;
  let high = from + step;
  while (await exists(caseId, high)) {
    low = high;
    step *= 2;
    high = from + step;
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await exists(caseId, mid)) low = mid;
    else high = mid;
  }
  return low;
}

function noteLastSeq(caseId: string, seq: number): void {
  if (seq > (lastSeqs.get(caseId) ?? 0)) lastSeqs.set(caseId, seq);
}

/** Another process stored this message (seen on the adapter): our next seq for the case starts after it. */
export function noteStoredElsewhere(caseId: string, seq: number): void {
  if (lastSeqs.get(caseId) !== undefined) noteLastSeq(caseId, seq);
}

async function storedRoom(caseId: string): Promise<{ readers: ReaderRef[] }> {
  const room = await rooms().findOne({ _id: caseId });
  return { readers: room?.readers ?? [] };
}

/** The last seq as this process knows it (may be behind other processes). */
async function cachedLastSeq(caseId: string): Promise<number> {
  const cached = lastSeqs.get(caseId);
  if (cached !== undefined) return cached;
  const last = await probeForward(caseId, 0);
  noteLastSeq(caseId, last);
  return last;
}

/** The true last seq, including messages stored by other processes. */
export async function currentLastSeq(caseId: string): Promise<number> {
  const last = await probeForward(caseId, await cachedLastSeq(caseId));
  noteLastSeq(caseId, last);
  return last;
}

// ---- storing

export type NewMessage = {
  caseId: string;
  clientId: string;
  text: string;
  event?: LocalMessage;
  author: ChatAuthor | null;
  attachment?: ChatAttachment;
  at: Date;
};

export type Stored = { message: MessageEntry; duplicate: boolean };

function remember(message: MessageEntry): void {
  recent.set(message._id, message);
  recentKeys.set(message.key, message._id);
  noteLastSeq(message.caseId, message.seq);
}

const inFlight = new Map<string, Promise<MessageEntry | undefined>>();

/** A message by id: from the cache, or one lookup shared by everyone asking at the same time. */
function findMessage(id: string): Promise<MessageEntry | undefined> {
  const cached = recent.get(id);
  if (cached) return Promise.resolve(cached);
  let lookup = inFlight.get(id);
  if (!lookup) {
    lookup = entries()
      .findOne({ _id: id })
      .then((found) => {
        if (found?.t !== 'm') return undefined;
        recent.set(found._id, found);
        return found;
      })
      .finally(() => inFlight.delete(id));
    inFlight.set(id, lookup);
  }
  return lookup;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The message stored under a key that was already taken; waits for a send still in flight. */
async function storedForKey(key: string): Promise<MessageEntry | 'stale'> {
  const deadline = Date.now() + DUPLICATE_WAIT_MS;
  for (;;) {
    const claim = (await entries().findOne({ _id: key })) as KeyEntry | null;
    if (!claim) return 'stale';
    // The key holds the first seq tried; after a collision the message lands a little later.
    const caseId = key.slice(0, 24);
    const last = await currentLastSeq(caseId);
    for (let seq = claim.seq; seq <= Math.min(last, claim.seq + KEY_SEARCH); seq++) {
      const message = await findMessage(messageId(caseId, seq));
      if (message?.key === key) return message;
    }
    if (Date.now() > deadline) {
      if (Date.now() - claim.at.getTime() < STALE_KEY_MS)
        throw new AppError(503, '메시지를 저장하는 중입니다. 잠시 후 다시 보내 주세요.');
      // The sender died between claiming the key and storing the message.
      await entries().deleteOne({ _id: key, seq: claim.seq });
      return 'stale';
    }
    await sleep(100);
  }
}

/**
 * Stores a message once per (case, author, clientId). `onStored` runs in store order
 * for the case (it broadcasts), before this resolves.
 */
export async function storeMessage(input: NewMessage, onStored?: (m: MessageEntry) => void): Promise<Stored> {
  const key = keyId(input.caseId, input.author?.id ?? 'system', input.clientId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const knownId = recentKeys.get(key);
    const known = knownId ? await findMessage(knownId) : undefined;
    if (known) return { message: known, duplicate: true };
    const outcome = await withCaseLock(input.caseId, () => insertNew(input, key, onStored));
    if (outcome !== 'duplicate') return { message: outcome, duplicate: false };
    const stored = await storedForKey(key);
    if (stored !== 'stale') {
      remember(stored);
      return { message: stored, duplicate: true };
    }
  }
  throw new AppError(503, '메시지를 저장하지 못했습니다. 잠시 후 다시 보내 주세요.');
}

async function insertNew(
  input: NewMessage,
  key: string,
  onStored?: (m: MessageEntry) => void,
): Promise<MessageEntry | 'duplicate'> {
  const build = (n: number): MessageEntry => ({
    _id: messageId(input.caseId, n),
    t: 'm',
    caseId: input.caseId,
    seq: n,
    key,
    clientId: input.clientId,
    kind: input.author ? 'user' : 'system',
    text: input.text,
    ...(input.event ? { event: input.event } : {}),
    author: input.author,
    ...(input.attachment ? { attachment: input.attachment } : {}),
    createdAt: input.at,
  });
  let seq = (await cachedLastSeq(input.caseId)) + 1;
  let claim: KeyEntry | undefined = { _id: key, t: 'k', seq, at: input.at };
  for (let attempt = 0; attempt < 40; attempt++) {
    const message = build(seq);
    const result = await writer.insert(message, claim);
    if (result === 'stored') {
      remember(message);
      onStored?.(message);
      return message;
    }
    if (result === 'duplicate') return 'duplicate';
    // Another process stored this seq first. Usually it is just ahead (its broadcast
    // tells us, see noteStoredElsewhere); after a few misses look for the real end.
    claim = undefined;
    noteLastSeq(input.caseId, seq);
    seq = attempt < 4 ? (lastSeqs.get(input.caseId) ?? seq) + 1 : (await probeForward(input.caseId, seq)) + 1;
  }
  throw new AppError(503, '메시지를 저장하지 못했습니다. 잠시 후 다시 보내 주세요.');
}

// ---- reading

/** Messages with seq in [from, to], oldest first. */
async function messagesBetween(caseId: string, from: number, to: number): Promise<MessageEntry[]> {
  const seqs: number[] = [];
  for (let seq = Math.max(1, from); seq <= to; seq++) seqs.push(seq);
  const found = await Promise.all(seqs.map((seq) => findMessage(messageId(caseId, seq))));
  return found.filter((m): m is MessageEntry => !!m);
}

/** The newest `limit` messages, oldest first. */
export async function latestMessages(caseId: string, limit = JOIN_MESSAGES) {
  const last = await currentLastSeq(caseId);
  return { lastSeq: last, messages: await messagesBetween(caseId, last - limit + 1, last) };
}

/** What a client that has everything up to `after` is missing (at most CATCH_UP_MAX, oldest first). */
export async function messagesAfter(caseId: string, after: number) {
  const last = await currentLastSeq(caseId);
  const to = Math.min(last, after + CATCH_UP_MAX);
  return { lastSeq: last, messages: await messagesBetween(caseId, after + 1, to), more: to < last };
}

/** A page of history, newest first, before seq `before` (or from the newest). */
export async function historyPage(caseId: string, before: number | undefined, limit: number) {
  const last = await currentLastSeq(caseId);
  const end = before === undefined ? last : Math.min(before - 1, last);
  const from = Math.max(1, end - limit + 1);
  const messages = (await messagesBetween(caseId, from, end)).reverse();
  return { messages, next: from > 1 && messages.length ? messageId(caseId, from) : null };
}

// ---- read markers

async function readMarker(caseId: string, userId: string): Promise<number> {
  return (await reads().findOne({ _id: readId(caseId, userId) }))?.upTo ?? 0;
}

const UNREAD_EXACT = JOIN_MESSAGES;

/**
 * Messages after the marker that others wrote. Exact up to 30 (the newest 30 are
 * looked at); beyond that the older ones are all counted. No write happens on send
 * (own messages are skipped here instead), which keeps the send path to one insert.
 */
async function unreadAfter(caseId: string, userId: string, marker: number, last: number): Promise<number> {
  if (last <= marker) return 0;
  const from = Math.max(marker + 1, last - UNREAD_EXACT + 1);
  const window = await messagesBetween(caseId, from, last);
  return window.filter((m) => m.author?.id !== userId).length + (from - marker - 1);
}

/** Marks the case read up to `upTo` for the user; returns the marker (never lowered). */
export async function markRead(caseId: string, user: ReaderRef, upTo: number, at: Date): Promise<number> {
  const last = await currentLastSeq(caseId);
  const target = Math.max(0, Math.min(upTo, last));
  const id = readId(caseId, user.id);
  await writer.exclusive(async () => {
    await reads().updateOne({ _id: id }, { $max: { upTo: target }, $set: { at } }, { upsert: true });
  });
  await addReader(caseId, user);
  return Math.max(target, await readMarker(caseId, user.id));
}

export async function unreadFor(caseId: string, userId: string): Promise<{ unread: number; readUpTo: number }> {
  const [last, readUpTo] = await Promise.all([currentLastSeq(caseId), readMarker(caseId, userId)]);
  return { unread: await unreadAfter(caseId, userId, readUpTo, last), readUpTo };
}

/** Who has read how far, for the read receipts shown on join. */
export async function readReceipts(caseId: string): Promise<{ user: ReaderRef; upTo: number }[]> {
  const { readers } = await storedRoom(caseId);
  const known = knownReaders.get(caseId) ?? new Set<string>();
  for (const r of readers) known.add(r.id);
  knownReaders.set(caseId, known);
  return Promise.all(readers.map(async (user) => ({ user, upTo: await readMarker(caseId, user.id) })));
}

/**
 * Unread counts of one user for the listed cases, by `_id` lookups only: the last
 * seq (cached, then one probe), the user's marker, and the unread messages themselves
 * (mostly cached) to leave out the user's own.
 */
export async function unreadCounts(userId: string, caseIds: string[]): Promise<Record<string, number>> {
  const counts = await Promise.all(
    caseIds.map(async (caseId) => [caseId, (await unreadFor(caseId, userId)).unread] as const),
  );
  return Object.fromEntries(counts);
}
