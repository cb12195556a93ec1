import { localeOf } from '../i18n/middleware';
import { Router, type Request, type Response } from 'express';
import { STATUS_LABELS } from '../cases/lifecycle';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { formProblem } from '../core/http/forms';
import { validate } from '../core/http/validate';
import { translate, type Locale } from '../i18n/i18n';
import { instituteNamesIn } from '../institutes/catalogue';
import { equipmentIdParams, equipmentQuerySchema, equipmentRequestSchema, type EquipmentQuery } from './schemas';
import { companyContext, getEquipment, requestEquipment, searchEquipment, searchOptions } from './service';

function pageHref(query: EquipmentQuery, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'institute', 'region', 'field'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `/equipment?${search}` : '/equipment';
}

/** The locale of the request, as the locale middleware set it. */

/**
 * A bilingual name shown in the page's language first, the other one after it with its
 * own `lang` (equipment and institutes have Korean and English names).
 */
function bilingual(locale: Locale, ko: string, en: string | undefined) {
  return locale === 'en' && en ? { name: en, alt: ko, altLang: 'ko' } : { name: ko, alt: en ?? '', altLang: 'en' };
}

/** The case status code for a label of STATUS_LABELS, so the view can translate it. */
const statusOf = (label: string) => Object.entries(STATUS_LABELS).find(([, l]) => l === label)?.[0];

export function equipmentPages(ctx: AppContext): Router {
  const pages = Router();

  pages.get('/equipment', async (req, res) => {
    const query = validate(equipmentQuerySchema, req.query);
    const locale = localeOf(res);
    const result = await searchEquipment(query);
    const options = searchOptions();
    const names = instituteNamesIn(locale);
    const instituteName = (code: string, nameKo: string) => names.get(code) ?? nameKo;
    const filtered = !!(query.q || query.institute || query.region || query.field);
    res.render('equipment/list', {
      titleKey: 'equipment.title',
      query,
      result: {
        ...result,
        items: result.items.map((item) => ({
          ...item,
          shown: bilingual(locale, item.name, item.nameEn),
          instituteName: instituteName(item.institute.code, item.institute.nameKo),
        })),
      },
      filtered,
      institutes: options.institutes.map((i) => ({
        code: i.code,
        name: instituteName(i.code, i.nameKo),
        selected: i.code === query.institute,
      })),
      regions: options.regions.map((r) => ({ value: r, selected: r === query.region })),
      fields: options.fields.map((f) => ({ value: f, selected: f === query.field })),
      prev: result.page > 1 ? pageHref(query, result.page - 1) : null,
      next: result.page < result.pages ? pageHref(query, result.page + 1) : null,
    });
  });

  async function showItem(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const { id } = validate(equipmentIdParams, req.params);
    const locale = localeOf(res);
    const item = await getEquipment(id);
    const company = req.user ? await companyContext(req.user, id) : null;
    const shown = bilingual(locale, item.name, item.nameEn);
    res.render('equipment/detail', {
      title: shown.name,
      item,
      shown,
      owner: bilingual(locale, item.institute.nameKo, item.institute.nameEn),
      company: company && {
        ...company,
        designations: company.designations.map((d) => translate(locale, `designations.${d}`)).join(', '),
        openCases: company.openCases.map((c) => ({ ...c, status: statusOf(c.statusLabel) })),
      },
      loginHref: `/login?next=${encodeURIComponent(`/equipment/${id}`)}`,
      requestedCase: company?.requested.find((r) => r.number === req.query.requested) ?? null,
      ...extra,
    });
  }

  pages.get('/equipment/:id', (req, res) => showItem(req, res));

  pages.post('/equipment/:id/requests', requireUser, async (req, res) => {
    const { id } = validate(equipmentIdParams, req.params);
    try {
      const result = await requestEquipment(ctx, actorOf(req), id, validate(equipmentRequestSchema, req.body));
      res.redirect(303, `/equipment/${id}?requested=${encodeURIComponent(result.case.number)}`);
    } catch (error) {
      const problem = formProblem(error);
      res.status(problem.status);
      await showItem(req, res, { problem, values: req.body });
    }
  });

  return pages;
}
