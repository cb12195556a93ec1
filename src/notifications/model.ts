import mongoose from 'mongoose';

const notificationSchema = new mongoose.Schema(
  {
    userId: { type: mongoose.Schema.Types.ObjectId, required: true },
    caseId: { type: mongoose.Schema.Types.ObjectId },
    caseNumber: String,
    kind: { type: String, required: true },
    text: { type: String, required: true },
    readAt: Date,
    // Bounded lookups (see service.ts): the user's notifications of one month, and the
    // user's id again while the notification is unread.
    box: { type: String, required: true },
    unreadFor: String,
  },
  { timestamps: true },
);
notificationSchema.index({ box: 1 });
notificationSchema.index({ unreadFor: 1 });

export const Notification = mongoose.model('Notification', notificationSchema);
