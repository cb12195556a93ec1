import mongoose, { type InferSchemaType } from 'mongoose';
import { CASE_STATUSES } from './lifecycle';
import { MEMBER_STATES } from './members';

const { ObjectId } = mongoose.Schema.Types;

const personSchema = new mongoose.Schema({ id: { type: String, required: true }, name: String }, { _id: false });

const routingSchema = new mongoose.Schema(
  {
    ranked: [
      new mongoose.Schema(
        {
          institute: String,
          score: Number,
          reasons: { type: [String], default: [] },
          /** The engine's MatchDetail: what the "why this institute" summary is made of. */
          match: mongoose.Schema.Types.Mixed,
        },
        { _id: false },
      ),
    ],
    team: { type: [String], default: [] },
    convergence: { type: Boolean, default: false },
    /** The needs the engine found and who covers each (RoutingAspect). */
    aspects: [
      new mongoose.Schema(
        { label: String, terms: [String], weight: Number, requested: Boolean, coveredBy: String },
        { _id: false },
      ),
    ],
    skipped: [new mongoose.Schema({ institute: String, status: String, reason: String }, { _id: false })],
    catalogueVersion: String,
    routedAt: Date,
  },
  { _id: false },
);

/** One audit entry: who did what, when (also the history of an equipment use request). */
export const auditSchema = new mongoose.Schema(
  {
    at: { type: Date, required: true },
    actorId: String,
    actorName: String,
    actorRole: String,
    action: { type: String, required: true },
    from: String,
    to: String,
    /** Korean text of the detail, kept for readers of older entries; see detailMessage. */
    detail: String,
    detailMessage: { key: String, params: mongoose.Schema.Types.Mixed },
  },
  { _id: false },
);

const caseSchema = new mongoose.Schema(
  {
    number: { type: String, required: true, unique: true },
    companyId: { type: ObjectId, required: true, index: true },
    companyName: { type: String, required: true },
    createdBy: { type: personSchema, required: true },

    title: { type: String, required: true },
    description: { type: String, required: true },
    industry: String,
    field: String,
    supportTypes: { type: [String], default: [] },
    desiredEquipment: String,
    wishedBy: Date,
    supplyChainItem: { type: Boolean, default: false },
    region: String,
    companyDesignated: { type: Boolean, default: false },
    attachments: [
      new mongoose.Schema(
        {
          fileId: ObjectId,
          filename: String,
          contentType: String,
          size: Number,
          uploadedAt: Date,
          uploadedBy: String,
          uploadedByName: String,
        },
        { _id: false },
      ),
    ],

    status: { type: String, required: true, enum: CASE_STATUSES, default: 'draft' },
    rev: { type: Number, required: true, default: 0 },

    routing: routingSchema,
    offeredTo: String,
    lead: String,
    participants: { type: [String], default: [] },
    // Each participant's answer to joining the team, and declines the desk has not yet acted on (members.ts).
    members: [
      new mongoose.Schema(
        {
          institute: { type: String, required: true },
          state: { type: String, required: true, enum: MEMBER_STATES },
          engineer: personSchema,
          reason: String,
          askedAt: Date,
          answeredAt: Date,
        },
        { _id: false },
      ),
    ],
    visibleTo: { type: [String], default: [] },
    // Derived from `members` in every write (store.ts), for list rows and queue tabs.
    pendingParticipants: { type: [String], default: [] },
    declinedParticipants: { type: [String], default: [] },
    // The lists this case appears in (list-keys.ts), rewritten with every change.
    listKeys: { type: [String], default: [] },
    // Set by every write of the case, cleared once every feature has followed (changes.ts).
    changePending: Boolean,
    // The chat system message of each change not yet posted, by revision ("r12"; chat/events.ts).
    pendingEvents: mongoose.Schema.Types.Mixed,
    declines: [new mongoose.Schema({ institute: String, reason: String, by: String, at: Date }, { _id: false })],
    assignedEngineer: personSchema,

    submittedAt: Date,
    routedAt: Date,
    acceptBy: Date,
    acceptedAt: Date,
    startedAt: Date,
    resolvedAt: Date,
    closedAt: Date,
    dueAt: Date,
    escalated: { type: Boolean, default: false },
    escalatedAt: Date,

    outcome: new mongoose.Schema(
      {
        summary: String,
        result: String,
        costSavingKrw: Number,
        salesEffectKrw: Number,
        technologyTransfer: Boolean,
        /** Fees the company paid for the transferred technology (기술료). */
        technologyFeeKrw: Number,
      },
      { _id: false },
    ),
    rating: new mongoose.Schema({ satisfaction: Number, comment: String }, { _id: false }),
    notes: [
      new mongoose.Schema(
        { at: Date, by: String, byName: String, instituteCode: String, text: String },
        { _id: false },
      ),
    ],
    audit: { type: [auditSchema], default: [] },
    // The supports delivered on this case, as the consortium counts them (supports.ts).
    supports: {
      type: [
        new mongoose.Schema(
          {
            key: { type: String, required: true },
            type: { type: String, required: true },
            institute: { type: String, required: true },
            deliveredAt: { type: Date, required: true },
            equipmentId: String,
            equipmentName: String,
            note: String,
            recordedBy: personSchema,
            recordedAt: Date,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    // Requests to use an institute's equipment, as made by the company on this case; each
    // request's record (src/equipment/use-model.ts, id `useId`) carries its status since.
    equipmentRequests: {
      type: [
        new mongoose.Schema(
          {
            useId: String,
            equipmentId: { type: String, required: true },
            equipmentName: { type: String, required: true },
            equipmentNameEn: String,
            instituteCode: { type: String, required: true },
            purpose: String,
            sampleCount: Number,
            sampleKind: String,
            desiredFrom: Date,
            desiredTo: Date,
            note: String,
            discount: { type: Boolean, default: false },
            requestedAt: { type: Date, required: true },
            requestedBy: personSchema,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { timestamps: true },
);
// Every hot query is an equality on one of these (see list-keys.ts); on the embedded
// database core/db/postgres-indexes.ts declares the same fields.
caseSchema.index({ listKeys: 1 });
caseSchema.index({ status: 1 });
caseSchema.index({ changePending: 1 }, { sparse: true });

export type CaseDoc = InferSchemaType<typeof caseSchema> & { _id: mongoose.Types.ObjectId };
export const Case = mongoose.model('Case', caseSchema);

const counterSchema = new mongoose.Schema({ _id: String, seq: { type: Number, default: 0 } });
const Counter = mongoose.model('Counter', counterSchema);

/** The next human case number of the year, e.g. 2026-00042. */
export async function nextCaseNumber(now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const counter = await Counter.findOneAndUpdate(
    { _id: `case-${year}` },
    { $inc: { seq: 1 } },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  return `${year}-${String(counter?.seq ?? 0).padStart(5, '0')}`;
}
