import mongoose, { type InferSchemaType } from 'mongoose';
import { ROLES } from './roles';

export const EMAIL_PREFERENCES = ['immediate', 'daily', 'off'] as const;
export type EmailPreference = (typeof EMAIL_PREFERENCES)[number];

const userSchema = new mongoose.Schema(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    passwordHash: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true, enum: ROLES, index: true },
    companyId: { type: mongoose.Schema.Types.ObjectId, ref: 'Company', index: true },
    instituteCode: { type: String, index: true },
    // Set when the user picks a language; until then the lang cookie (or Korean) applies.
    locale: { type: String, enum: ['ko', 'en'] },
    /** E-mail for notifications: each at once, one daily digest (08:00 Korea time), or none. */
    emailPreference: { type: String, enum: EMAIL_PREFERENCES, default: 'immediate' },
    active: { type: Boolean, default: true },
    // Set by an admin who deactivated the account (admin/users.ts); cleared on reactivation.
    deactivation: { at: Date, byName: String, reason: String },
    // Replaced by every password change or reset: a session started under another epoch has ended.
    sessionEpoch: String,
  },
  { timestamps: true },
);

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: mongoose.Types.ObjectId };
export const User = mongoose.model('User', userSchema);

/** One-time tokens (password reset, invitation). Only a hash of the token is stored. */
const tokenSchema = new mongoose.Schema(
  {
    kind: { type: String, required: true, enum: ['reset', 'invitation', 'signup'] },
    tokenHash: { type: String, required: true, unique: true },
    email: { type: String, required: true, lowercase: true },
    userId: { type: mongoose.Schema.Types.ObjectId },
    role: { type: String, enum: ROLES },
    instituteCode: { type: String },
    invitedBy: { type: mongoose.Schema.Types.ObjectId },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
    // A reset link works only while the account's session epoch is the one it was sent under.
    sessionEpoch: String,
    // A sign-up waiting for its link (signup.ts): the form's fields, the password hashed.
    signup: mongoose.Schema.Types.Mixed,
  },
  { timestamps: true },
);
tokenSchema.index({ expiresAt: 1 });

export const OneTimeToken = mongoose.model('OneTimeToken', tokenSchema);
