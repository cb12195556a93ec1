// Coordinator overrides and institute declines, kept in the database so that later
// similar requests are routed with them in mind (the engine's feedback.ts applies them).
//
// Routing reads the newest entries on every submission, so they are read by month
// (`month` equality: a bounded set each) and kept in memory for a minute; a process
// forgets its copy at once when it records an entry, so its own next routing sees it.
import mongoose from 'mongoose';
import { monthOf } from '../cases/list-keys';
import type { FeedbackEntry, FeedbackKind } from './types';

const feedbackSchema = new mongoose.Schema(
  {
    text: { type: String, required: true },
    institute: { type: String, required: true },
    kind: { type: String, required: true, enum: ['override_to', 'override_from', 'decline'] },
    caseId: { type: mongoose.Schema.Types.ObjectId },
    month: { type: String, required: true },
  },
  { timestamps: true },
);
feedbackSchema.index({ month: 1 });

export const RoutingFeedback = mongoose.model('RoutingFeedback', feedbackSchema);

const RECENT_FEEDBACK_LIMIT = 2000;
const RECENT_MONTHS = 12;
const REMEMBER_MS = 60_000;

let remembered: { until: number; entries: FeedbackEntry[] } | undefined;

export async function recordFeedback(entry: {
  text: string;
  institute: string;
  kind: FeedbackKind;
  caseId?: mongoose.Types.ObjectId;
}) {
  await RoutingFeedback.create({ ...entry, month: monthOf(new Date()) });
  remembered = undefined;
}

function recentMonths(now: Date): string[] {
  return Array.from({ length: RECENT_MONTHS }, (_, back) =>
    monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 15))),
  );
}

/** The newest entries of the last twelve months, newest first, at most 2,000. */
export async function recentFeedback(now = new Date()): Promise<FeedbackEntry[]> {
  if (remembered && remembered.until > Date.now()) return remembered.entries;
  const months = await Promise.all(
    recentMonths(now).map((month) =>
      RoutingFeedback.find({ month }, { _id: 0, text: 1, institute: 1, kind: 1, createdAt: 1 }).lean<
        (FeedbackEntry & { createdAt: Date })[]
      >(),
    ),
  );
  const entries = months
    .flat()
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, RECENT_FEEDBACK_LIMIT)
    .map(({ text, institute, kind }) => ({ text, institute, kind }));
  remembered = { until: Date.now() + REMEMBER_MS, entries };
  return entries;
}
