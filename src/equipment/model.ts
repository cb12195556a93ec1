// The equipment registry: one document per instrument, with the fields Korea's
// national equipment portal (ZEUS) publishes. An instrument is known by its institute
// and the institute's own registry id, which is what imports match on.
import mongoose, { type InferSchemaType } from 'mongoose';

export const EQUIPMENT_STATUSES = ['available', 'repair', 'unavailable'] as const;
export type EquipmentStatus = (typeof EQUIPMENT_STATUSES)[number];
export const FEE_UNITS = ['hour', 'sample', 'day'] as const;
export type FeeUnit = (typeof FEE_UNITS)[number];
/** Where an item came from: the catalogue's representative items, the generated demo registry, or an import. */
export const EQUIPMENT_SOURCES = ['catalogue', 'demo', 'import'] as const;

const specSchema = new mongoose.Schema(
  { label: { type: String, required: true }, value: { type: String, required: true } },
  { _id: false },
);

const equipmentSchema = new mongoose.Schema(
  {
    instituteCode: { type: String, required: true },
    registryId: { type: String, required: true },
    name: { type: String, required: true },
    nameEn: { type: String, default: '' },
    model: { type: String, default: '' },
    maker: { type: String, default: '' },
    /** ZEUS-style classification, "대분류 > 중분류". */
    category: { type: String, default: '' },
    uses: { type: [String], default: [] },
    usesEn: { type: [String], default: [] },
    specs: { type: [specSchema], default: [] },
    location: { type: String, default: '' },
    fee: {
      type: new mongoose.Schema(
        { unit: { type: String, enum: FEE_UNITS, required: true }, amount: { type: Number, required: true, min: 0 } },
        { _id: false },
      ),
      default: undefined,
    },
    manager: {
      type: new mongoose.Schema({ name: String, phone: String, email: String }, { _id: false }),
      default: undefined,
    },
    status: { type: String, enum: EQUIPMENT_STATUSES, default: 'available' },
    region: { type: String, required: true },
    fields: { type: [String], default: [] },
    source: { type: String, enum: EQUIPMENT_SOURCES, required: true },
  },
  { timestamps: true },
);
equipmentSchema.index({ instituteCode: 1, registryId: 1 }, { unique: true });

export type EquipmentDoc = InferSchemaType<typeof equipmentSchema> & { _id: mongoose.Types.ObjectId };
export const Equipment = mongoose.model('Equipment', equipmentSchema);
