// Coordinator overrides and institute declines, kept in the database so that later
// similar requests are routed with them in mind (the engine's feedback.ts applies them).
import mongoose from 'mongoose';
import type { FeedbackEntry, FeedbackKind } from './types';

const feedbackSchema = new mongoose.Schema(
  {
    text: { type: String, required: true },
    institute: { type: String, required: true },
    kind: { type: String, required: true, enum: ['override_to', 'override_from', 'decline'] },
    caseId: { type: mongoose.Schema.Types.ObjectId },
  },
  { timestamps: true },
);
feedbackSchema.index({ createdAt: -1 });

export const RoutingFeedback = mongoose.model('RoutingFeedback', feedbackSchema);

const RECENT_FEEDBACK_LIMIT = 2000;

export async function recordFeedback(entry: {
  text: string;
  institute: string;
  kind: FeedbackKind;
  caseId?: mongoose.Types.ObjectId;
}) {
  await RoutingFeedback.create(entry);
}

export async function recentFeedback(): Promise<FeedbackEntry[]> {
  return RoutingFeedback.find({}, { _id: 0, text: 1, institute: 1, kind: 1 })
    .sort({ createdAt: -1 })
    .limit(RECENT_FEEDBACK_LIMIT)
    .lean<{ text: string; institute: string; kind: FeedbackKind }[]>();
}
