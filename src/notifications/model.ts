import mongoose from 'mongoose';

const notificationSchema = new mongoose.Schema(
  {
    userId: { type: mongoose.Schema.Types.ObjectId, required: true },
    caseId: { type: mongoose.Schema.Types.ObjectId },
    caseNumber: String,
    kind: { type: String, required: true },
    text: { type: String, required: true },
    readAt: Date,
  },
  { timestamps: true },
);
notificationSchema.index({ userId: 1, createdAt: -1 });

export const Notification = mongoose.model('Notification', notificationSchema);
