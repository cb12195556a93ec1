// Chat storage. FerretDB v1 answers only `_id` equality quickly (other filters and
// sorts scan the collection) and makes only unique `_id` inserts atomic, so every
// read here is a lookup by `_id`:
//   chatentries  `<caseId>:<seq 10 digits>`            a message (seq 1, 2, 3… per case, no gaps)
//                `<caseId>:k:<authorId>:<clientId>`     the idempotency key of a send → its seq
//   chatrooms    `<caseId>`                             who has read markers (for receipts)
//   chatreads    `<caseId>:<userId>`                    read marker: the user has read up to seq
import mongoose from 'mongoose';
import type { LocalMessage } from '../i18n/messages';

export type ChatAuthor = {
  id: string;
  name: string;
  role: string;
  institute?: string;
  company?: string;
};

export type ChatAttachment = { id: string; filename: string; contentType: string; size: number };

export type MessageEntry = {
  _id: string;
  t: 'm';
  caseId: string;
  seq: number;
  key: string;
  clientId: string;
  kind: 'user' | 'system';
  /** A system message's Korean text; `event` renders it in any language. */
  text: string;
  event?: LocalMessage;
  author: ChatAuthor | null;
  attachment?: ChatAttachment;
  createdAt: Date;
};

export type KeyEntry = { _id: string; t: 'k'; seq: number; at: Date };

export type ChatEntry = MessageEntry | KeyEntry;
export type RoomDoc = { _id: string; readers?: { id: string; name: string }[] };
export type ReadDoc = { _id: string; upTo: number; at?: Date };

export const entries = () => mongoose.connection.collection<ChatEntry>('chatentries');
export const rooms = () => mongoose.connection.collection<RoomDoc>('chatrooms');
export const reads = () => mongoose.connection.collection<ReadDoc>('chatreads');

const pad = (seq: number) => String(seq).padStart(10, '0');

export const messageId = (caseId: string, seq: number) => `${caseId}:${pad(seq)}`;
export const keyId = (caseId: string, authorId: string, clientId: string) => `${caseId}:k:${authorId}:${clientId}`;
export const readId = (caseId: string, userId: string) => `${caseId}:${userId}`;

const MESSAGE_ID = /^([0-9a-f]{24}):(\d{10})$/;

/** The case and seq of a public message id, or undefined when it is not one. */
export function parseMessageId(id: string): { caseId: string; seq: number } | undefined {
  const match = MESSAGE_ID.exec(id);
  if (!match?.[1] || !match[2]) return undefined;
  return { caseId: match[1], seq: Number(match[2]) };
}
