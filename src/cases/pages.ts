import { Router, type Request, type Response } from 'express';
import { isDesk, type Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { requireCsrfToken } from '../core/http/csrf';
import { assertUploadAccepted, fileUploadForForm } from '../core/http/uploads';
import { formProblem } from '../core/http/forms';
import { validate } from '../core/http/validate';
import { lineText } from '../core/http/fields';
import { z } from 'zod';
import { INDUSTRIES, REGIONS } from '../companies/model';
import { FIELDS, seedCatalogue } from '../institutes/catalogue';
import { instituteChoices } from '../institutes/service';
import { canViewCase, isAllowed } from '../policy/policy';
import { addAttachment, removeAttachment } from './attachments';
import { addNote, rerouteCase, setDueDate, setTeam } from './coordination';
import { answerParticipation } from './participation';
import { recordSupport } from './supports';
import { casePageModel } from './page-model';
import { CASE_STATUSES } from './lifecycle';
import { listCasesInTabs } from './list';
import type { CaseDoc } from './model';
import { recentPeriods } from './list-keys';
import { CASE_SORTS, caseDraftSchema, listQuerySchema, type ListQuery } from './schemas';
import { createDraft, getCase, updateDraft } from './service';
import { accessOf } from './store';
import { transition } from './transitions';
import { localeOf } from '../i18n/middleware';
import { caseSummary } from './view';

/** The list tabs each role sees; labels are locale keys (caseList.views.*). */
const VIEWS_BY_ROLE: Record<string, { view: string; labelKey: string }[]> = {
  company: [{ view: 'all', labelKey: 'caseList.views.companyAll' }],
  engineer: [
    { view: 'new', labelKey: 'caseList.views.new' },
    { view: 'mine', labelKey: 'caseList.views.mine' },
    { view: 'all', labelKey: 'caseList.views.instituteAll' },
  ],
  coordinator: [
    { view: 'intake', labelKey: 'caseList.views.intake' },
    { view: 'awaiting', labelKey: 'caseList.views.awaiting' },
    { view: 'escalated', labelKey: 'caseList.views.escalated' },
    { view: 'overdue', labelKey: 'caseList.views.overdue' },
    { view: 'joint', labelKey: 'caseList.views.joint' },
    { view: 'all', labelKey: 'caseList.views.all' },
  ],
};
const viewsFor = (role: string) =>
  VIEWS_BY_ROLE[role] ?? VIEWS_BY_ROLE[role === 'institute_manager' ? 'engineer' : 'coordinator'] ?? [];

const newCaseQuery = z.object({ equipment: lineText(200).optional().catch(undefined) });

/** What a flash message after a form may say (locale keys flash.*). */
const FLASHES = new Set([
  'detach',
  'saved',
  'submit',
  'accept',
  'start',
  'resolve',
  'close',
  'reopen',
  'reassign',
  'team',
  'due',
  'reroute',
  'note',
  'attach',
  'created',
  'joined',
  'left',
  'support',
]);
const flashOf = (value: unknown) => (typeof value === 'string' && FLASHES.has(value) ? value : undefined);

/** After a decline: the institute the case went to next ("" when it went back to the desk). */
function declinedNotice(value: unknown): { to: string } | undefined {
  if (typeof value !== 'string') return undefined;
  return /^[A-Z][A-Z0-9]{1,11}$|^$/.test(value) ? { to: value } : undefined;
}

/** The list's filters as a query string, carried by its tabs and pager. */
function filterQueryOf(query: ListQuery): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'status', 'field', 'region', 'institute'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.supplyChain) params.set('supplyChain', '1');
  if (query.designated) params.set('designated', '1');
  return params.size ? `&${params.toString()}` : '';
}

/** The period picker of a period list: current work, then the recent days or months. */
function periodChoices(actor: Actor, query: ListQuery, current: string, now: Date) {
  const scope = isDesk(actor) && !query.institute ? 'desk' : 'inst:-';
  const periods = ['open', ...recentPeriods(scope, now)];
  if (!periods.includes(current)) periods.push(current);
  return periods.map((value) => ({ value, selected: value === current }));
}

// `fieldChoices`, not `fields`: a form that comes back with mistakes carries its field messages as `fields`.
const formOptions = () => ({ fieldChoices: FIELDS, services: seedCatalogue().services, industries: INDUSTRIES });

function draftValues(body: Record<string, unknown>) {
  const supportTypes = ([] as unknown[]).concat(body.supportTypes ?? []);
  return { ...body, supportTypes };
}

export function casePages(ctx: AppContext): Router {
  const pages = Router();
  pages.use('/cases', requireUser);

  pages.get('/cases', async (req, res) => {
    const actor = actorOf(req);
    const views = viewsFor(actor.role);
    const query = validate(listQuerySchema, { view: views[0]?.view, ...req.query });
    const page = await listCasesInTabs(
      ctx,
      actor,
      query,
      views.map((v) => v.view),
    );
    res.render('cases/list', {
      titleKey: 'cases.title',
      items: page.items.map((c) => caseSummary(c, ctx.now())),
      page,
      query,
      searchedAll: page.searchedAll,
      sorts: CASE_SORTS,
      isCompany: actor.role === 'company',
      isDesk: isDesk(actor),
      filterChoices: { fields: FIELDS, regions: REGIONS, institutes: isDesk(actor) ? await instituteChoices() : [] },
      filterQuery: filterQueryOf(query),
      tabs: views.map((v) => ({
        ...v,
        count: page.counts[v.view] ?? 0,
        current: !page.searchedAll && v.view === query.view,
      })),
      statuses: CASE_STATUSES.map((s) => ({ value: s, selected: s === query.status })),
      periods: page.period ? periodChoices(actor, query, page.period, ctx.now()) : undefined,
      canCreate: isAllowed(actor, 'case:create'),
      welcome: req.query.welcome === '1' && actor.role === 'company',
      declined: declinedNotice(req.query.declined),
      leftTeam: req.query.left === '1',
      prev: page.page > 1 ? page.page - 1 : null,
      next: page.page < page.pages ? page.page + 1 : null,
    });
  });

  // From an instrument's page ("이 장비로 새 과제"), the instrument's name comes as `equipment`.
  pages.get('/cases/new', (req, res) => {
    const desiredEquipment = newCaseQuery.parse(req.query).equipment;
    res.render('cases/form', {
      titleKey: 'caseForm.newTitle',
      ...formOptions(),
      values: { supportTypes: desiredEquipment ? ['장비활용'] : [], desiredEquipment },
    });
  });

  pages.post('/cases', async (req, res) => {
    const actor = actorOf(req);
    try {
      const created = await createDraft(ctx, actor, validate(caseDraftSchema, req.body));
      if (req.body.intent === 'submit') await transition(ctx, actor, String(created._id), { action: 'submit' });
      res.redirect(`/cases/${String(created._id)}?done=${req.body.intent === 'submit' ? 'submit' : 'created'}#flash`);
    } catch (error) {
      const problem = formProblem(error);
      res.status(problem.status).render('cases/form', {
        titleKey: 'caseForm.newTitle',
        ...formOptions(),
        values: draftValues(req.body),
        ...problem,
      });
    }
  });

  pages.get('/cases/:id/edit', async (req, res) => {
    const c = await getCase(actorOf(req), req.params.id);
    res.render('cases/form', { titleKey: 'caseForm.editTitle', ...formOptions(), caseId: String(c._id), values: c });
  });

  pages.post('/cases/:id/edit', async (req, res) => {
    const actor = actorOf(req);
    try {
      await updateDraft(ctx, actor, req.params.id, validate(caseDraftSchema, req.body));
      if (req.body.intent === 'submit') await transition(ctx, actor, req.params.id, { action: 'submit' });
      res.redirect(`/cases/${req.params.id}?done=${req.body.intent === 'submit' ? 'submit' : 'created'}#flash`);
    } catch (error) {
      const problem = formProblem(error);
      res.status(problem.status).render('cases/form', {
        titleKey: 'caseForm.editTitle',
        ...formOptions(),
        caseId: req.params.id,
        values: draftValues(req.body),
        ...problem,
      });
    }
  });

  async function showCase(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const actor = actorOf(req);
    const c = await getCase(actor, String(req.params.id));
    res.render('cases/detail', {
      ...(await casePageModel(ctx, actor, c, localeOf(res))),
      flash: extra.problem ? undefined : flashOf(req.query.done),
      ...extra,
    });
  }

  pages.get('/cases/:id', (req, res) => showCase(req, res));

  /**
   * Where a form sends its user afterwards: back to the case, or, when the change took
   * the case out of their sight (a decline), to their list with what happened.
   */
  function afterChange(actor: Actor, changed: unknown, id: string, done: string): string {
    const c = changed as CaseDoc | undefined;
    if (!c?.status || canViewCase(actor, accessOf(c))) return `/cases/${id}?done=${done}#flash`;
    if (done === 'left') return '/cases?left=1';
    return `/cases?declined=${encodeURIComponent(c.offeredTo ?? '')}`;
  }

  /** A case form: on success back to the case with a flash message saying what was done (`done`). */
  const caseForm = (path: string, done: (req: Request) => string, apply: (req: Request) => Promise<unknown>) =>
    pages.post(path, async (req, res) => {
      try {
        const changed = await apply(req);
        res.redirect(afterChange(actorOf(req), changed, String(req.params.id), flashOf(done(req)) ?? 'saved'));
      } catch (error) {
        const problem = formProblem(error);
        res.status(problem.status);
        await showCase(req, res, { problem });
      }
    });

  const actionOf = (req: Request) => String((req.body as { action?: unknown } | undefined)?.action ?? '');
  const id = (req: Request) => String(req.params.id);
  caseForm('/cases/:id/transitions', actionOf, (req) => transition(ctx, actorOf(req), id(req), req.body));
  caseForm(
    '/cases/:id/team',
    () => 'team',
    (req) => setTeam(ctx, actorOf(req), id(req), req.body),
  );
  caseForm(
    '/cases/:id/supports',
    () => 'support',
    (req) => recordSupport(ctx, actorOf(req), id(req), req.body),
  );
  caseForm(
    '/cases/:id/participation',
    (req) => ((req.body as { answer?: unknown } | undefined)?.answer === 'accept' ? 'joined' : 'left'),
    (req) => answerParticipation(ctx, actorOf(req), id(req), req.body),
  );
  caseForm(
    '/cases/:id/due',
    () => 'due',
    (req) => setDueDate(ctx, actorOf(req), id(req), req.body),
  );
  caseForm(
    '/cases/:id/reroute',
    () => 'reroute',
    (req) => rerouteCase(ctx, actorOf(req), id(req)),
  );
  caseForm(
    '/cases/:id/notes',
    () => 'note',
    (req) => addNote(ctx, actorOf(req), id(req), req.body),
  );
  caseForm(
    '/cases/:id/attachments/:fileId/delete',
    () => 'detach',
    (req) => removeAttachment(ctx, actorOf(req), id(req), String(req.params.fileId)),
  );
  // A refused upload (too large) comes back as the case page with the message beside the file field.
  pages.post('/cases/:id/attachments', requireCsrfToken, fileUploadForForm);
  caseForm(
    '/cases/:id/attachments',
    () => 'attach',
    async (req) => {
      assertUploadAccepted(req.res as Response);
      return addAttachment(ctx, actorOf(req), id(req), req.file);
    },
  );

  return pages;
}
