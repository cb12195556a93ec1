import mongoose, { type InferSchemaType } from 'mongoose';

export const COMPANY_SIZES = ['중소기업', '중견기업', '대기업'] as const;

/** National programme designations that make a company eligible for 50% off institute equipment fees. */
export const DESIGNATIONS = ['소부장 강소기업 100', '소부장 스타트업 100', '소부장 특화선도기업', '으뜸기업'] as const;

const companySchema = new mongoose.Schema(
  {
    name: { type: String, required: true },
    businessNumber: { type: String, required: true, unique: true },
    size: { type: String, required: true, enum: COMPANY_SIZES },
    industry: { type: String, required: true },
    region: { type: String, required: true },
    designations: { type: [String], default: [] },
  },
  { timestamps: true },
);

export type CompanyDoc = InferSchemaType<typeof companySchema> & { _id: mongoose.Types.ObjectId };
export const Company = mongoose.model('Company', companySchema);

export function hasEquipmentDiscount(company: { designations?: string[] | null }): boolean {
  return (company.designations?.length ?? 0) > 0;
}
