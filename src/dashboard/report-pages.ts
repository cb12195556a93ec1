// The performance report (/dashboard/report) on screen with charts, and as .xlsx
// (/dashboard/report.xlsx) with Korean (or English) headers and real number cells.
import { Router } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { validate } from '../core/http/validate';
import { translate, type Locale } from '../i18n/i18n';
import { localeOf } from '../i18n/middleware';
import { instituteNamesIn } from '../institutes/catalogue';
import { toWorkbook } from './export';
import { kstDay, UNSPECIFIED } from './figures';
import type { PerformanceReport } from './report';
import { reportSheets } from './report-sheets';
import { dashboardQuerySchema } from './schemas';
import { dashboardScope, performanceReportOf } from './service';

/** The report with names and categories in the page's language. */
function localized(report: PerformanceReport, locale: Locale) {
  const names = instituteNamesIn(locale);
  const field = (value: string) =>
    value === UNSPECIFIED ? translate(locale, 'dashboard.unspecified') : translate(locale, `fields.${value}`);
  return {
    ...report,
    supportsByType: report.supportsByType.map((s) => ({ ...s, label: translate(locale, `services.${s.type}`) })),
    byField: report.byField.map((f) => ({ ...f, label: field(f.field) })),
    institutes: report.institutes.map((i) => ({ ...i, name: names.get(i.code) ?? i.name, fieldLabel: field(i.field) })),
  };
}

function typeChart(report: ReturnType<typeof localized>, locale: Locale): string {
  return JSON.stringify({
    type: 'bar',
    horizontal: true,
    integers: true,
    labels: report.supportsByType.map((s) => s.label),
    datasets: [{ label: translate(locale, 'report.supportsCount'), data: report.supportsByType.map((s) => s.count) }],
  });
}

function fieldChart(report: ReturnType<typeof localized>, locale: Locale): string {
  return JSON.stringify({
    type: 'bar',
    integers: true,
    labels: report.byField.map((f) => f.label),
    datasets: [
      { label: translate(locale, 'report.supportsCount'), data: report.byField.map((f) => f.supports) },
      { label: translate(locale, 'report.solvedCount'), data: report.byField.map((f) => f.problemsSolved) },
    ],
  });
}

export function reportPages(ctx: AppContext): Router {
  const pages = Router();
  pages.use('/dashboard/report', requireUser);

  const reportOf = async (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req);
    const scope = dashboardScope(ctx, actor, validate(dashboardQuerySchema, req.query));
    return performanceReportOf(actor, scope.period);
  };

  pages.get('/dashboard/report', async (req, res) => {
    const locale = localeOf(res);
    const report = localized(await reportOf(req), locale);
    const year = Number(kstDay(ctx.now()).slice(0, 4));
    res.render('dashboard/report', {
      titleKey: 'report.title',
      report,
      charts: { types: typeChart(report, locale), fields: fieldChart(report, locale) },
      years: [year, year - 1],
      exportQuery: new URLSearchParams(report.period).toString(),
    });
  });

  pages.get('/dashboard/report.xlsx', requireUser, async (req, res) => {
    const report = await reportOf(req);
    const filename = `performance_${report.period.from}_${report.period.to}.xlsx`;
    res.setHeader('content-disposition', `attachment; filename="${filename}"`);
    res.setHeader('cache-control', 'no-store');
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await toWorkbook(reportSheets(report, localeOf(res))));
  });

  return pages;
}
