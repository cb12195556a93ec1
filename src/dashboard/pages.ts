// The coordinator dashboard page and its spreadsheet exports. Charts are drawn by
// public/js/dashboard.js with Chart.js served from node_modules (no CDN); every chart's
// numbers are also in a table on the page.
import express, { Router, type RequestHandler, type Response } from 'express';
import path from 'node:path';
import type { AppContext } from '../core/context';
import { localeOf } from '../i18n/middleware';
import { actorOf, requireUser } from '../core/http/auth';
import { validate } from '../core/http/validate';
import { translate, type Locale } from '../i18n/i18n';
import { industryName } from '../institutes/words';
import { instituteNamesIn } from '../institutes/catalogue';
import { isAllowed } from '../policy/policy';
import { kstDay, UNSPECIFIED, yearPeriod, type DashboardFigures, type InstituteYearRow } from './figures';
import { casesSheet, institutesSheet, toCsv, toXlsx, type Sheet } from './export';
import { dashboardQuerySchema } from './schemas';
import { dashboard, dashboardScope, exportCases, type DashboardScope } from './service';

const CHART_JS_DIR = path.resolve(import.meta.dirname, '../../node_modules/chart.js/dist');

/** Chart.js from the installed package, at /vendor/chartjs/chart.umd.min.js. */
export const chartJsAssets = Router().use('/vendor/chartjs', express.static(CHART_JS_DIR, { maxAge: '1d' }));

/** Tells the header whether to link the dashboard (views/partials/header.hbs). */
export const dashboardNav: RequestHandler = (req, res, next) => {
  res.locals.canViewDashboard = !!req.user && isAllowed(req.user, 'dashboard:view');
  next();
};

/** The locale of the request, as the locale middleware set it. */

/**
 * Numbers and units in the page's language: ko-KR digits for Korean, en-US for English.
 * Units with a count (cases, months, days) are plural keys in the locale files.
 */
function formatter(locale: Locale) {
  const numberLocale = locale === 'en' ? 'en-US' : 'ko-KR';
  const t = (key: string, options: Record<string, unknown> = {}) => translate(locale, `dashboard.${key}`, options);
  const noData = t('noData');
  const number = (value: number | null, digits = 1) =>
    value === null ? noData : value.toLocaleString(numberLocale, { maximumFractionDigits: digits });
  /** A value with its unit: `units.cases`, `units.months`, `units.days` or `units.outOf7`. */
  const measure = (value: number | null, unit: string, digits = 1) =>
    value === null ? noData : t(`units.${unit}`, { count: value, value: number(value, digits) });
  const won = (value: number) => t('units.won', { value: value.toLocaleString(numberLocale) });
  const share = (value: number | null) => (value === null ? noData : `${Math.round(value * 1000) / 10}%`);
  return { t, number, measure, won, share };
}
type Formatter = ReturnType<typeof formatter>;

type ChartSpec = {
  type: 'bar';
  horizontal?: boolean;
  /** Counts: whole-number ticks. */
  integers?: boolean;
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
};
const chart = (spec: ChartSpec) => JSON.stringify(spec);

function queryString(scope: DashboardScope): string {
  const params = new URLSearchParams({ from: scope.period.from, to: scope.period.to });
  if (scope.institute && scope.canChooseInstitute) params.set('institute', scope.institute);
  return params.toString();
}

function periodLinks(ctx: AppContext, scope: DashboardScope, f: Formatter) {
  const year = Number(kstDay(ctx.now()).slice(0, 4));
  const link = (label: string, from: string, to: string) => {
    const params = new URLSearchParams({ from, to });
    if (scope.institute && scope.canChooseInstitute) params.set('institute', scope.institute);
    return { label, href: `/dashboard?${params.toString()}` };
  };
  const last = yearPeriod(year - 1);
  return [
    link(f.t('period.year', { year }), `${year}-01-01`, kstDay(ctx.now())),
    link(f.t('period.year', { year: year - 1 }), last.from, last.to),
  ];
}

/** The figures with their category labels in the page's language (the JSON API keeps Korean). */
function localizedFigures(figures: DashboardFigures, locale: Locale, names: ReadonlyMap<string, string>) {
  const category = (value: string, namespace: string) =>
    value === UNSPECIFIED ? translate(locale, 'dashboard.unspecified') : translate(locale, `${namespace}.${value}`);
  return {
    ...figures,
    byStatus: figures.byStatus.map((s) => ({ ...s, label: translate(locale, `status.${s.status}`) })),
    byField: figures.byField.map((f) => ({ ...f, field: category(f.field, 'fields') })),
    byIndustry: figures.byIndustry.map((i) => ({
      ...i,
      // Listed industries have their own labels; a free-text one from older cases shows as written.
      industry:
        i.industry === UNSPECIFIED ? translate(locale, 'dashboard.unspecified') : industryName(i.industry, locale),
    })),
    byInstitute: figures.byInstitute.map((i) => ({ ...i, name: names.get(i.code) ?? i.name })),
  };
}

function pageModel(figures: DashboardFigures, table: InstituteYearRow[], f: Formatter) {
  const { t, number, measure, won, share } = f;
  const r = figures.resolution;
  const cases = t('chart.cases');
  return {
    summary: [
      { label: t('summary.submitted'), value: measure(figures.totals.submitted, 'cases', 0) },
      { label: t('summary.jointShare'), value: share(figures.totals.jointShare) },
      { label: t('summary.resolved'), value: measure(figures.outcomes.resolved, 'cases', 0) },
      // Under two months a figure in months rounds to "0개월": days say it.
      {
        label: t('summary.resolutionMedian'),
        value: r.median !== null && r.median < 2 ? measure(r.medianDays, 'days') : measure(r.median, 'months'),
      },
      { label: t('summary.acceptanceMedian'), value: measure(figures.acceptanceDays.median, 'days') },
      { label: t('summary.satisfactionMean'), value: measure(figures.satisfaction.mean, 'outOf7', 2) },
    ],
    charts: {
      status: chart({
        type: 'bar',
        integers: true,
        labels: figures.byStatus.map((s) => s.label),
        datasets: [{ label: cases, data: figures.byStatus.map((s) => s.count) }],
      }),
      field: chart({
        type: 'bar',
        integers: true,
        labels: figures.byField.map((i) => i.field),
        datasets: [{ label: cases, data: figures.byField.map((i) => i.count) }],
      }),
      industry: chart({
        type: 'bar',
        horizontal: true,
        integers: true,
        labels: figures.byIndustry.slice(0, 12).map((i) => i.industry),
        datasets: [{ label: cases, data: figures.byIndustry.slice(0, 12).map((i) => i.count) }],
      }),
      institute: chart({
        type: 'bar',
        integers: true,
        labels: figures.byInstitute.slice(0, 15).map((i) => i.code),
        datasets: [
          { label: t('chart.lead'), data: figures.byInstitute.slice(0, 15).map((i) => i.lead) },
          { label: t('chart.participation'), data: figures.byInstitute.slice(0, 15).map((i) => i.participation) },
        ],
      }),
      resolution: chart({
        type: 'bar',
        horizontal: true,
        labels: [
          t('chart.median'),
          t('chart.mean'),
          t('chart.target', { value: measure(r.targetMonths, 'months') }),
          t('chart.baseline', { value: measure(r.baselineMonths, 'months') }),
        ],
        datasets: [{ label: t('chart.months'), data: [r.median, r.mean, r.targetMonths, r.baselineMonths] }],
      }),
      satisfaction: chart({
        type: 'bar',
        integers: true,
        labels: figures.satisfaction.distribution.map((d) => t('satisfaction.score', { score: d.score })),
        datasets: [{ label: t('chart.responses'), data: figures.satisfaction.distribution.map((d) => d.count) }],
      }),
    },
    resolution: {
      count: number(r.count, 0),
      median: r.median === null ? t('noData') : `${measure(r.median, 'months')} (${measure(r.medianDays, 'days')})`,
      mean: measure(r.mean, 'months'),
      withinTarget: r.count
        ? `${measure(r.withinTarget, 'cases', 0)} (${share(r.withinTarget / r.count)})`
        : t('noData'),
      target: measure(r.targetMonths, 'months'),
      baseline: measure(r.baselineMonths, 'months'),
    },
    acceptance: {
      count: number(figures.acceptanceDays.count, 0),
      median: measure(figures.acceptanceDays.median, 'days'),
      mean: measure(figures.acceptanceDays.mean, 'days'),
    },
    outcomes: {
      resolved: measure(figures.outcomes.resolved, 'cases', 0),
      technologyTransfers: measure(figures.outcomes.technologyTransfers, 'cases', 0),
      costSaving: won(figures.outcomes.costSavingKrw),
      salesEffect: won(figures.outcomes.salesEffectKrw),
    },
    satisfaction: { mean: number(figures.satisfaction.mean, 2), count: number(figures.satisfaction.count, 0) },
    joint: { count: measure(figures.totals.joint, 'cases', 0), share: share(figures.totals.jointShare) },
    table: table.map((row) => ({
      ...row,
      medianResolution: number(row.medianResolutionMonths),
      satisfaction: number(row.satisfactionMean, 2),
    })),
  };
}

async function sendSheet(res: Response, sheet: Sheet, basename: string, format: 'xlsx' | 'csv'): Promise<void> {
  const filename = `${basename}.${format}`;
  res.setHeader('content-disposition', `attachment; filename="${filename}"; filename*=UTF-8''${filename}`);
  res.setHeader('cache-control', 'no-store');
  if (format === 'csv') {
    res.type('text/csv; charset=utf-8').send(toCsv(sheet));
    return;
  }
  res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(sheet));
}

export function dashboardPages(ctx: AppContext): Router {
  const pages = Router();
  pages.use('/dashboard', requireUser);

  pages.get('/dashboard', async (req, res) => {
    const actor = actorOf(req);
    const scope = dashboardScope(ctx, actor, validate(dashboardQuerySchema, req.query));
    const locale = localeOf(res);
    const { figures, institutes, instituteList } = await dashboard(scope);
    const names = instituteNamesIn(locale);
    const named = <T extends { code: string; name: string }>(i: T): T => ({ ...i, name: names.get(i.code) ?? i.name });
    const chosen = instituteList.find((i) => i.code === scope.institute);
    const shown = localizedFigures(figures, locale, names);
    const f = formatter(locale);
    res.render('dashboard/index', {
      titleKey: 'dashboard.title',
      scope: {
        ...scope.period,
        institute: chosen ? named(chosen) : null,
        canChooseInstitute: scope.canChooseInstitute,
      },
      figures: shown,
      ...pageModel(shown, institutes.map(named), f),
      instituteOptions: scope.canChooseInstitute
        ? instituteList.map((i) => ({ ...named(i), selected: i.code === scope.institute }))
        : [],
      periodLinks: periodLinks(ctx, scope, f),
      exportQuery: queryString(scope),
      canViewReport: isAllowed(actor, 'report:view'),
    });
  });

  pages.get('/dashboard/export/:file', async (req, res, next) => {
    const match = /^(cases|institutes)\.(xlsx|csv)$/.exec(String(req.params.file));
    if (!match) return next();
    const kind = match[1] === 'cases' ? 'cases' : 'institutes';
    const format = match[2] === 'csv' ? 'csv' : 'xlsx';
    const scope = dashboardScope(ctx, actorOf(req), validate(dashboardQuerySchema, req.query));
    const suffix = `${scope.period.from}_${scope.period.to}${scope.institute ? `_${scope.institute}` : ''}`;
    if (kind === 'cases') {
      const { rows, institutes } = await exportCases(scope);
      await sendSheet(res, casesSheet(rows, institutes, localeOf(res)), `cases_${suffix}`, format);
      return;
    }
    const { institutes } = await dashboard(scope);
    await sendSheet(res, institutesSheet(institutes, localeOf(res)), `institutes_${suffix}`, format);
  });

  return pages;
}
