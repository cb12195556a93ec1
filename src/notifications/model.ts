import mongoose from 'mongoose';

const notificationSchema = new mongoose.Schema(
  {
    userId: { type: mongoose.Schema.Types.ObjectId, required: true },
    caseId: { type: mongoose.Schema.Types.ObjectId },
    caseNumber: String,
    kind: { type: String, required: true },
    /** The Korean sentence, kept for readers of older entries; `message` renders in any language. */
    text: { type: String, required: true },
    message: { key: String, params: mongoose.Schema.Types.Mixed },
    readAt: Date,
    // Bounded lookups (see service.ts): the user's notifications of one month, and the
    // user's id again while the notification is unread.
    box: { type: String, required: true },
    unreadFor: String,
    /** "pending" while the notification waits for its user's daily e-mail digest (digest.ts). */
    digest: String,
  },
  { timestamps: true },
);
notificationSchema.index({ box: 1 });
notificationSchema.index({ unreadFor: 1 });
notificationSchema.index({ digest: 1 }, { sparse: true });

export const Notification = mongoose.model('Notification', notificationSchema);
