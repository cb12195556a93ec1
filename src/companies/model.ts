import mongoose, { type InferSchemaType } from 'mongoose';

export const COMPANY_SIZES = ['중소기업', '중견기업', '대기업'] as const;

/** Industries a company and a case are filed under: a fixed list, so the dashboard's counts are real categories. */
export const INDUSTRIES = [
  '반도체',
  '디스플레이',
  '이차전지',
  '자동차',
  '조선·해양',
  '항공·우주',
  '기계',
  '로봇',
  '전기전자',
  '화학',
  '바이오·제약',
  '섬유',
  '금속',
  '세라믹',
  '에너지',
  '건설',
  '기타',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** Korea's 17 metropolitan regions, where a company is (the queue filters by it). */
export const REGIONS = [
  '서울',
  '부산',
  '대구',
  '인천',
  '광주',
  '대전',
  '울산',
  '세종',
  '경기',
  '강원',
  '충북',
  '충남',
  '전북',
  '전남',
  '경북',
  '경남',
  '제주',
] as const;

/** National programme designations that make a company eligible for 50% off institute equipment fees. */
export const DESIGNATIONS = ['소부장 강소기업 100', '소부장 스타트업 100', '소부장 특화선도기업', '으뜸기업'] as const;

const companySchema = new mongoose.Schema(
  {
    name: { type: String, required: true },
    businessNumber: { type: String, required: true, unique: true },
    size: { type: String, required: true, enum: COMPANY_SIZES },
    industry: { type: String, required: true },
    region: { type: String, required: true },
    /** Verified by the support desk: only these give the equipment-fee discount. */
    designations: { type: [String], default: [] },
    /** Designations the company declared at sign-up, shown as "확인 중" until the desk verifies them. */
    claimedDesignations: { type: [String], default: [] },
  },
  { timestamps: true },
);

export type CompanyDoc = InferSchemaType<typeof companySchema> & { _id: mongoose.Types.ObjectId };
export const Company = mongoose.model('Company', companySchema);

export function hasEquipmentDiscount(company: { designations?: string[] | null }): boolean {
  return (company.designations?.length ?? 0) > 0;
}
