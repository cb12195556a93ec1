// Use requests: a company's request to use one instrument for one case, and the
// booked days that block the instrument's calendar. A request moves
//   requested → scheduled (the institute confirms days and a fee estimate) → done (with the test report)
//   requested → declined (with a reason);  requested | scheduled → cancelled (with a reason).
// Each change is one conditional write on the request's revision, with its history
// entry in the same write; the case records only the request itself (cases/model.ts).
import mongoose, { type InferSchemaType } from 'mongoose';
import { auditSchema } from '../cases/model';

export const USE_STATUSES = ['requested', 'scheduled', 'declined', 'done', 'cancelled'] as const;
export type UseStatus = (typeof USE_STATUSES)[number];
export const OPEN_USE_STATUSES: readonly UseStatus[] = ['requested', 'scheduled'];

const useSchema = new mongoose.Schema(
  {
    equipmentId: { type: String, required: true },
    equipmentName: { type: String, required: true },
    equipmentNameEn: { type: String, default: '' },
    instituteCode: { type: String, required: true },
    caseId: { type: mongoose.Schema.Types.ObjectId, required: true },
    caseNumber: { type: String, required: true },
    caseTitle: { type: String, required: true },
    companyId: { type: String, required: true },
    companyName: { type: String, required: true },
    purpose: { type: String, required: true },
    sampleCount: { type: Number, required: true, min: 0 },
    sampleKind: { type: String, default: '' },
    desiredFrom: { type: Date, required: true },
    desiredTo: { type: Date, required: true },
    note: String,
    /** A verified designation at the time of the request: 50% off the equipment fee. */
    discount: { type: Boolean, default: false },
    status: { type: String, enum: USE_STATUSES, required: true, default: 'requested' },
    /** Booked days, "YYYY-MM-DD" in Korea time, first and last. */
    slot: { type: new mongoose.Schema({ from: String, to: String }, { _id: false }), default: undefined },
    feeEstimate: Number,
    reason: String,
    report: {
      type: new mongoose.Schema({ fileId: String, filename: String, note: String }, { _id: false }),
      default: undefined,
    },
    requestedAt: { type: Date, required: true },
    requestedBy: { type: new mongoose.Schema({ id: String, name: String }, { _id: false }), required: true },
    history: { type: [auditSchema], default: [] },
    /** The lists it is in (use-lists.ts): "inst:CODE:open", "company:ID:open", "desk:open", and closed by month. */
    listKeys: { type: [String], default: [] },
    rev: { type: Number, required: true, default: 0 },
  },
  { timestamps: true },
);
useSchema.index({ caseId: 1 });
useSchema.index({ listKeys: 1 });

export type UseDoc = InferSchemaType<typeof useSchema> & { _id: mongoose.Types.ObjectId };
export const EquipmentUse = mongoose.model('EquipmentUse', useSchema, 'equipmentuses');

// One document per booked day of an instrument: its id is "equipmentId:YYYY-MM-DD", so
// two confirmations of the same day cannot both be written (duplicate key).
const slotSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    equipmentId: { type: String, required: true },
    /** "equipmentId:YYYY-MM": the calendar reads a month by equality. */
    month: { type: String, required: true },
    day: { type: String, required: true },
    useId: { type: String, required: true },
    /** When it was booked: a day its owner never came to hold is released after a grace period (slots.ts). */
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
slotSchema.index({ month: 1 });
slotSchema.index({ useId: 1 });

export const EquipmentSlot = mongoose.model('EquipmentSlot', slotSchema, 'equipmentslots');
