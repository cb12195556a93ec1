// Equipment pages: the search with its facets, and one instrument with its calendar's
// next free days and the company's request form.
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { formProblem } from '../core/http/forms';
import { validate } from '../core/http/validate';
import { translate, type Locale } from '../i18n/i18n';
import { localeOf } from '../i18n/middleware';
import { instituteNamesIn } from '../institutes/catalogue';
import { isAllowed } from '../policy/policy';
import { registryCount } from './catalog';
import { equipmentIdParams, equipmentQuerySchema, type EquipmentQuery } from './schemas';
import { FEE_BANDS, searchEquipment, type EquipmentPage } from './search';
import { companyContext, getEquipment, nextFreeDays } from './service';
import { caseToRequestOn, requestUse } from './use-requests';
import { requestCaseSchema, useRequestSchema } from './use-schemas';
import { z } from 'zod';
import { objectId } from '../core/http/fields';

const FILTER_KEYS = ['q', 'institute', 'region', 'field', 'category', 'fee', 'available'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** The search's address with some filters changed (undefined drops one); back to page 1 unless given. */
function searchHref(query: EquipmentQuery, change: Partial<Record<FilterKey, string | undefined>>, page = 1): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = key in change ? change[key] : query[key];
    if (value) params.set(key, value);
  }
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `/equipment?${search}` : '/equipment';
}

/** A bilingual name in the page's language first, the other after it with its own `lang`. */
function bilingual(locale: Locale, ko: string, en: string | undefined) {
  return locale === 'en' && en ? { name: en, alt: ko, altLang: 'ko' } : { name: ko, alt: en ?? '', altLang: 'en' };
}

type FacetKey = Exclude<FilterKey, 'q'>;
const FACET_VALUES_SHOWN = 6;

/** Each facet's values as links that add or remove that filter, with their counts. */
function facetLinks(result: EquipmentPage, query: EquipmentQuery, locale: Locale) {
  const names = instituteNamesIn(locale);
  const links = (key: FacetKey, label: (value: string) => string) =>
    result.facets[key].map(({ value, count }) => {
      const selected = query[key] === value;
      return {
        value,
        label: label(value),
        count,
        selected,
        href: searchHref(query, { [key]: selected ? undefined : value }),
      };
    });
  const feeOrder = (value: string) => FEE_BANDS.indexOf(value as (typeof FEE_BANDS)[number]);
  return [
    { key: 'available', links: links('available', () => translate(locale, 'equipment.facets.availableNow')) },
    { key: 'institute', links: links('institute', (code) => `${names.get(code) ?? code} (${code})`) },
    { key: 'region', links: links('region', (r) => translate(locale, `regions.${r}`)) },
    { key: 'field', links: links('field', (f) => translate(locale, `fields.${f}`)) },
    {
      key: 'category',
      links: links('category', (c) => translate(locale, `equipment.categories.${c}`, { defaultValue: c })),
    },
    {
      key: 'fee',
      links: links('fee', (band) => translate(locale, `equipment.feeBands.${band}`)).sort(
        (a, b) => feeOrder(a.value) - feeOrder(b.value),
      ),
    },
  ]
    .filter((facet) => facet.links.length)
    .map(({ key, links }) => {
      // The first few values, and the chosen one, in sight; the others behind "더 보기".
      const shown = links.filter((l, i) => i < FACET_VALUES_SHOWN || l.selected);
      return { key, shown, more: links.filter((l) => !shown.includes(l)) };
    });
}

const requestCaseQuery = z.object({ case: objectId().optional().catch(undefined) });

export function equipmentPages(ctx: AppContext): Router {
  const pages = Router();

  pages.get('/equipment', async (req, res) => {
    const query = validate(equipmentQuerySchema, req.query);
    const locale = localeOf(res);
    const result = await searchEquipment(query);
    const names = instituteNamesIn(locale);
    res.render('equipment/list', {
      titleKey: 'equipment.title',
      query,
      registryTotal: await registryCount(),
      canImport: !!req.user && isAllowed(req.user, 'equipment:import'),
      result: {
        ...result,
        start: (result.page - 1) * result.limit + 1,
        items: result.items.map((item) => ({
          ...item,
          marks: locale === 'en' && item.nameEn ? item.marked.nameEn : item.marked.name,
          alt: bilingual(locale, item.name, item.nameEn),
          instituteName: names.get(item.institute.code) ?? item.institute.nameKo,
        })),
      },
      facets: facetLinks(result, query, locale),
      filtered: FILTER_KEYS.some((key) => key !== 'q' && !!query[key]),
      prev: result.page > 1 ? searchHref(query, {}, result.page - 1) : null,
      next: result.page < result.pages ? searchHref(query, {}, result.page + 1) : null,
    });
  });

  async function showItem(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const { id } = validate(equipmentIdParams, req.params);
    const locale = localeOf(res);
    const item = await getEquipment(id);
    const company = req.user ? await companyContext(req.user, id, ctx.now()) : null;
    const preferredCase = requestCaseQuery.parse(req.query).case;
    res.render('equipment/detail', {
      title: bilingual(locale, item.name, item.nameEn).name,
      item,
      shown: bilingual(locale, item.name, item.nameEn),
      owner: bilingual(locale, item.institute.nameKo, item.institute.nameEn),
      uses: locale === 'en' && item.usesEn.length ? item.usesEn : item.uses,
      usesInLocale: locale === 'ko' || item.usesEn.length > 0,
      // Specification labels are the registry's own (Korean) words, marked as such on an English page.
      discountedFee: item.fee ? Math.round(item.fee.amount / 2) : null,
      freeDays: await nextFreeDays(id, ctx.now()),
      company: company && {
        ...company,
        designations: company.designations.map((d) => translate(locale, `designations.${d}`)).join(', '),
        claimed: company.claimed.map((d) => translate(locale, `designations.${d}`)).join(', '),
      },
      values: { caseId: preferredCase, sampleCount: 1, ...(extra.values as object | undefined) },
      loginHref: `/login?next=${encodeURIComponent(`/equipment/${id}`)}`,
      ...extra,
    });
  }

  pages.get('/equipment/:id', (req, res) => showItem(req, res));

  pages.post('/equipment/:id/requests', requireUser, async (req, res) => {
    const { id } = validate(equipmentIdParams, req.params);
    const actor = actorOf(req);
    try {
      const caseId = validate(requestCaseSchema, req.body ?? {}).caseId;
      const c = await caseToRequestOn(actor, caseId);
      const { use } = await requestUse(ctx, actor, id, c, validate(useRequestSchema, req.body));
      res.redirect(303, `/equipment-requests/${String(use._id)}?done=requested#flash`);
    } catch (error) {
      const problem = formProblem(error);
      res.status(problem.status);
      await showItem(req, res, { problem, values: req.body });
    }
  });

  return pages;
}
