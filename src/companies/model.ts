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

export const CLAIM_STATES = ['claimed', 'verified', 'rejected'] as const;

const companySchema = new mongoose.Schema(
  {
    name: { type: String, required: true },
    businessNumber: { type: String, required: true, unique: true },
    size: { type: String, required: true, enum: COMPANY_SIZES },
    industry: { type: String, required: true },
    region: { type: String, required: true },
    /** Verified by the support desk: only these give the equipment-fee discount (until a claim's expiry). */
    designations: { type: [String], default: [] },
    /** Designations claimed and not yet verified, shown as "확인 중" (kept in step with the claims). */
    claimedDesignations: { type: [String], default: [] },
    /** Each designation's claim, its certificate and the desk's decision (designations.ts). */
    designationClaims: [
      new mongoose.Schema(
        {
          name: { type: String, required: true, enum: DESIGNATIONS },
          state: { type: String, required: true, enum: CLAIM_STATES },
          evidence: { fileId: mongoose.Schema.Types.ObjectId, filename: String, contentType: String, size: Number },
          claimedAt: Date,
          decidedAt: Date,
          decidedBy: String,
          expiresAt: Date,
          reason: String,
        },
        { _id: false },
      ),
    ],
    /** Set while a claim waits for the desk: its review list is one equality on this field. */
    designationReview: Boolean,
  },
  { timestamps: true },
);

companySchema.index({ designationReview: 1 }, { sparse: true });

export type CompanyDoc = InferSchemaType<typeof companySchema> & { _id: mongoose.Types.ObjectId };
export const Company = mongoose.model('Company', companySchema);

type Designated = {
  designations?: string[] | null;
  designationClaims?: { name: string; state: string; expiresAt?: Date | null }[] | null;
};

/**
 * The designations that count now: verified, and not past the expiry the desk recorded.
 * (A designation stored before claims existed has no claim, and no expiry.)
 */
export function validDesignations(company: Designated, now: Date): string[] {
  return (company.designations ?? []).filter((name) => {
    const claim = company.designationClaims?.find((c) => c.name === name && c.state === 'verified');
    return !claim?.expiresAt || claim.expiresAt > now;
  });
}

export function hasEquipmentDiscount(company: Designated, now: Date): boolean {
  return validDesignations(company, now).length > 0;
}
