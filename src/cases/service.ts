// Drafts, reading and listing cases.
import type { Actor } from '../accounts/roles';
import { Company } from '../companies/model';
import type { AppContext } from '../core/context';
import { conflict, isDuplicateKey, notFound } from '../core/errors';
import { authorize, caseScopeFilter } from '../policy/policy';
import { Case, nextCaseNumber, type CaseDoc } from './model';
import type { CaseDraftInput, ListQuery } from './schemas';
import { accessOf, loadVisibleCase, updateCase } from './store';
import { OPEN_STATUSES } from './lifecycle';

const NUMBER_ATTEMPTS = 5;

/**
 * FerretDB v1 does not apply the counter's $inc atomically, so two concurrent drafts
 * can draw the same number; the unique index refuses the second, which draws again.
 */
async function createWithUniqueNumber(draft: Record<string, unknown>, now: Date) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await Case.create({ ...draft, number: await nextCaseNumber(now) });
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
    industry: input.industry ?? company.industry,
    createdBy: { id: actor.id, name: actor.name },
    status: 'draft',
    audit: [
      { at: now, actorId: actor.id, actorName: actor.name, actorRole: actor.role, action: 'create', to: 'draft' },
    ],
  };
  const created = await createWithUniqueNumber(draft, now);
  return created.toObject() as CaseDoc;
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

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function viewFilter(actor: Actor, query: ListQuery, now: Date): Record<string, unknown> {
  switch (query.view) {
    case 'queue':
      return { status: { $in: ['submitted', 'routed'] } };
    case 'escalated':
      return { escalated: true, status: { $in: OPEN_STATUSES } };
    case 'overdue':
      return {
        $or: [
          { status: 'routed', acceptBy: { $lt: now } },
          { status: { $in: OPEN_STATUSES }, dueAt: { $lt: now } },
        ],
      };
    case 'mine':
      return { 'assignedEngineer.id': actor.id };
    case 'new':
      return { status: 'routed', offeredTo: actor.instituteCode ?? '-' };
    default:
      return {};
  }
}

export type CasePage = { items: CaseDoc[]; total: number; page: number; pages: number; limit: number };

export async function listCases(ctx: AppContext, actor: Actor, query: ListQuery): Promise<CasePage> {
  const clauses: Record<string, unknown>[] = [caseScopeFilter(actor), viewFilter(actor, query, ctx.now())];
  if (query.status) clauses.push({ status: query.status });
  if (query.institute) clauses.push({ visibleTo: query.institute });
  if (query.q) {
    const pattern = new RegExp(escapeRegex(query.q), 'i');
    clauses.push({ $or: [{ title: pattern }, { number: pattern }, { companyName: pattern }] });
  }
  const filter = { $and: clauses };
  const [items, total] = await Promise.all([
    Case.find(filter, { audit: 0, description: 0, notes: 0 })
      .sort({ supplyChainItem: -1, updatedAt: -1 })
      .skip((query.page - 1) * query.limit)
      .limit(query.limit)
      .lean<CaseDoc[]>(),
    Case.countDocuments(filter),
  ]);
  return { items, total, page: query.page, limit: query.limit, pages: Math.max(1, Math.ceil(total / query.limit)) };
}
