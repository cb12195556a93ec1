// Programme designations (소부장 강소기업 100, …) are claims until the support desk
// verifies them against the certificate the company uploads; only verified, unexpired
// designations give the 50% equipment-fee discount (model.ts). Each decision, with its
// expiry date, is written to the admin log before it is applied.
//
// A claim lives on the company document with its certificate; `designations` (verified
// names), `claimedDesignations` (waiting) and `designationReview` (the desk's list) are
// rewritten from the claims in the same update, guarded by the document's last update.
import mongoose from 'mongoose';
import { recordAdminAction } from '../admin/audit';
import type { Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { conflict, forbidden, notFound } from '../core/errors';
import { fileBucket, storeFile, type UploadedFile } from '../core/files';
import { validate } from '../core/http/validate';
import { authorize } from '../policy/policy';
import { formatBusinessNumber } from './business-number';
import { CLAIM_STATES, Company, type CompanyDoc, validDesignations } from './model';
import { claimSchema, companyIdParams, decisionSchema } from './schemas';

const DAY_MS = 24 * 3600_000;
const CHANGED_MEANWHILE = '다른 사용자가 방금 이 기업의 지정 사업 정보를 바꿨습니다. 화면을 새로 고쳐 주세요.';

type Claim = {
  name: string;
  state: (typeof CLAIM_STATES)[number];
  evidence?: { fileId?: unknown; filename?: string | null; contentType?: string | null; size?: number | null } | null;
  claimedAt?: Date | null;
  decidedAt?: Date | null;
  decidedBy?: string | null;
  expiresAt?: Date | null;
  reason?: string | null;
};

/** The claims as stored (read lean: plain objects). */
const claimsOf = (company: Pick<CompanyDoc, 'designationClaims'>) =>
  (company.designationClaims ?? []) as unknown as Claim[];

/** The fields derived from the claims, written with them. */
function withClaims(company: Pick<CompanyDoc, 'designations'>, claims: Claim[]) {
  const verified = claims.filter((c) => c.state === 'verified').map((c) => c.name);
  const claimed = claims.filter((c) => c.state === 'claimed').map((c) => c.name);
  // Names verified before claims existed stay verified until a claim says otherwise.
  const earlier = (company.designations ?? []).filter((n) => !claims.some((c) => c.name === n));
  return {
    designationClaims: claims,
    designations: [...new Set([...earlier, ...verified])],
    claimedDesignations: claimed,
    designationReview: claimed.length > 0,
  };
}

async function saveClaims(company: CompanyDoc, claims: Claim[]): Promise<void> {
  const saved = await Company.updateOne(
    { _id: company._id, updatedAt: company.updatedAt },
    { $set: withClaims(company, claims) },
  );
  if (!saved.matchedCount) throw conflict(CHANGED_MEANWHILE);
}

/** The company's claims as its account page and the API show them. */
export function designationClaimsView(company: Pick<CompanyDoc, 'designationClaims'>) {
  return claimsOf(company).map((c) => ({
    name: c.name,
    state: c.state,
    claimedAt: c.claimedAt ?? null,
    decidedAt: c.decidedAt ?? null,
    expiresAt: c.expiresAt ?? null,
    reason: c.reason ?? null,
    hasEvidence: !!c.evidence?.fileId,
    evidenceName: c.evidence?.filename ?? null,
  }));
}

/** A company claims a designation with its certificate (or sends a new one after a rejection or expiry). */
export async function claimDesignation(ctx: AppContext, actor: Actor, body: unknown, file: UploadedFile | undefined) {
  if (actor.role !== 'company' || !actor.companyId) throw forbidden('기업 회원만 지정 사업 확인을 요청할 수 있습니다.');
  const { name } = validate(claimSchema, body);
  const company = await Company.findById(actor.companyId).lean<CompanyDoc>();
  if (!company) throw notFound('기업을 찾을 수 없습니다.');
  const now = ctx.now();
  if (validDesignations(company, now).includes(name)) throw conflict('이미 확인된 지정 사업입니다.');
  const evidence = await storeFile(file, { companyId: company._id, designation: name });
  const claim: Claim = { name, state: 'claimed', evidence, claimedAt: now };
  const others = claimsOf(company).filter((c) => c.name !== name);
  try {
    await saveClaims(company, [...others, claim]);
  } catch (error) {
    await fileBucket().delete(evidence.fileId);
    throw error;
  }
}

/** Every claim waiting for the desk, oldest first. */
export async function claimsToReview(actor: Actor) {
  authorize(actor, 'designation:verify');
  const companies = await Company.find({ designationReview: true }).lean<CompanyDoc[]>();
  return companies
    .flatMap((company) =>
      designationClaimsView(company)
        .filter((c) => c.state === 'claimed')
        .map((claim) => ({
          ...claim,
          company: {
            id: String(company._id),
            name: company.name,
            businessNumber: formatBusinessNumber(company.businessNumber),
          },
        })),
    )
    .sort((a, b) => (a.claimedAt?.getTime() ?? 0) - (b.claimedAt?.getTime() ?? 0));
}

/** The desk verifies a claim until an expiry date, or rejects it with a reason. */
export async function decideDesignation(ctx: AppContext, actor: Actor, params: unknown, body: unknown) {
  authorize(actor, 'designation:verify');
  const { companyId } = validate(companyIdParams, params);
  const input = validate(decisionSchema, body);
  const company = await Company.findById(companyId).lean<CompanyDoc>();
  const claim = company && claimsOf(company).find((c) => c.name === input.name);
  if (!company || claim?.state !== 'claimed') throw conflict('확인을 기다리는 지정 사업이 아닙니다.');
  const now = ctx.now();
  const decided: Claim =
    input.decision === 'verify'
      ? // Valid through the expiry day, in Korea time.
        {
          ...claim,
          state: 'verified',
          decidedAt: now,
          decidedBy: actor.name,
          expiresAt: new Date(input.expiresAt.getTime() + DAY_MS),
        }
      : { ...claim, state: 'rejected', decidedAt: now, decidedBy: actor.name, reason: input.reason };
  const target = { kind: 'company' as const, id: companyId, label: company.name };
  await recordAdminAction(
    actor,
    input.decision === 'verify' ? 'designation-verify' : 'designation-reject',
    target,
    now,
    input.decision === 'verify'
      ? {
          key: 'adminDesignationVerified',
          params: { designation: input.name, expires: input.expiresAt.toISOString().slice(0, 10) },
        }
      : { key: 'adminDesignationRejected', params: { designation: input.name, reason: input.reason } },
  );
  await saveClaims(
    company,
    claimsOf(company).map((c) => (c.name === input.name ? decided : c)),
  );
}

/** A claim's certificate, for the company itself and the desk. */
export async function openEvidence(actor: Actor, params: unknown, name: unknown) {
  const { companyId } = validate(companyIdParams, params);
  if (actor.companyId !== companyId) authorize(actor, 'designation:verify');
  const company = await Company.findById(companyId, { designationClaims: 1 }).lean<CompanyDoc>();
  const evidence = company && claimsOf(company).find((c) => c.name === name)?.evidence;
  if (!evidence?.fileId) throw notFound('증빙 파일을 찾을 수 없습니다.');
  return {
    filename: evidence.filename ?? 'certificate',
    contentType: evidence.contentType ?? 'application/octet-stream',
    stream: fileBucket().openDownloadStream(evidence.fileId as mongoose.Types.ObjectId),
  };
}
