import mongoose, { type InferSchemaType } from 'mongoose';
import { FIELDS } from './catalogue';

export const INSTITUTE_STATUSES = ['active', 'paused', 'full'] as const;
export type InstituteStatus = (typeof INSTITUTE_STATUSES)[number];

const instituteSchema = new mongoose.Schema(
  {
    code: { type: String, required: true, unique: true },
    nameKo: { type: String, required: true },
    nameEn: { type: String, required: true },
    type: { type: String, required: true },
    region: { type: String, required: true },
    city: { type: String, required: true },
    homeField: { type: String, required: true, enum: FIELDS, index: true },
    fields: { type: [String], required: true },
    industries: { type: [String], default: [] },
    expertise: { type: [String], default: [] },
    services: { type: [String], default: [] },
    equipmentCount: { type: Number, required: true, default: 0 },
    catalogueVersion: { type: String, required: true },
    // Operational settings owned by the institute's manager; the seed never overwrites them.
    status: { type: String, enum: INSTITUTE_STATUSES, default: 'active' },
    capacity: { type: Number, default: 20, min: 0 },
    // Open cases it leads or is offered (routing/load.ts keeps it).
    openLoad: { type: Number, default: 0 },
  },
  { timestamps: true },
);

export type InstituteDoc = InferSchemaType<typeof instituteSchema>;
export const Institute = mongoose.model('Institute', instituteSchema);
