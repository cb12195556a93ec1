// Drafts, reading and listing cases.
import type { Actor } from '../accounts/roles';
import { Company, validDesignations } from '../companies/model';
import type { AppContext } from '../core/context';
import { conflict, isDuplicateKey, notFound } from '../core/errors';
import { authorize } from '../policy/policy';
import { announceCaseChange } from './changes';
import { caseListKeys } from './list-keys';
import { Case, nextCaseNumber, type CaseDoc } from './model';
import type { CaseDraftInput } from './schemas';
import { accessOf, loadVisibleCase, updateCase } from './store';

const NUMBER_ATTEMPTS = 5;

/**
 * FerretDB v1 does not apply the counter's $inc atomically, so two concurrent drafts
 * can draw the same number; the unique index refuses the second, which draws again.
 */
async function createWithUniqueNumber(draft: Record<string, unknown>, now: Date) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await Case.create({ ...draft, number: await nextCaseNumber(now), changePending: true });
    } catch (error) {
      if (!isDuplicateKey(error) || attempt >= NUMBER_ATTEMPTS) throw error;
    }
  }
}

export async function createDraft(ctx: AppContext, actor: Actor, input: CaseDraftInput): Promise<CaseDoc> {
  authorize(actor, 'case:create');
  const company = await Company.findById(actor.companyId).lean();
  if (!company) throw notFound('회사 정보를 찾을 수 없습니다.');
  const now = ctx.now();
  const draft = {
    ...input,
    companyId: company._id,
    companyName: company.name,
    region: company.region,
    // A designated company (verified, unexpired) when it asked: the desk's queue can filter by it.
    companyDesignated: validDesignations(company, now).length > 0,
    industry: input.industry ?? company.industry,
    createdBy: { id: actor.id, name: actor.name },
    status: 'draft',
    audit: [
      { at: now, actorId: actor.id, actorName: actor.name, actorRole: actor.role, action: 'create', to: 'draft' },
    ],
  };
  const keyed = { ...draft, listKeys: caseListKeys({ ...draft, visibleTo: [] }) };
  const created = (await createWithUniqueNumber(keyed, now)).toObject() as CaseDoc;
  await announceCaseChange(undefined, created);
  return created;
}

export async function updateDraft(ctx: AppContext, actor: Actor, id: string, input: CaseDraftInput): Promise<CaseDoc> {
  const current = await loadVisibleCase(actor, id);
  authorize(actor, 'case:edit-draft', { case: accessOf(current) });
  if (current.status !== 'draft') {
    throw conflict('제출한 과제는 고칠 수 없습니다. 추가 내용은 과제 대화나 메모로 남겨 주세요.');
  }
  const set = { ...input, industry: input.industry ?? current.industry };
  return updateCase(actor, current, { set, audit: { action: 'edit-draft' } }, ctx.now());
}

export async function getCase(actor: Actor, id: string): Promise<CaseDoc> {
  return loadVisibleCase(actor, id);
}
