// Every role's key pages in Korean and English, in a real Chromium: the page says its
// language in <html lang>, shows no untranslated key, gets a full-page screenshot in
// test-artifacts/, and axe-core finds no serious or critical violation.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { Case } from '../../src/cases/model';
import { browserSuite, logInAs, screenshot, seriousViolations } from '../support/browser';

type Tour = { who: string; email?: string; pages: string[] };

describe('key pages for every role, in Korean and English', function () {
  this.timeout(300_000);
  const live = browserSuite();
  let tours: Tour[];

  before(async () => {
    const joint = await Case.findOne({ status: 'in_progress', 'participants.0': { $exists: true } }).lean();
    const caseUrl = `/cases/${String(joint?._id)}`;
    tours = [
      { who: 'visitor', pages: ['/', '/institutes', '/institutes/KRICT', '/equipment', '/login', '/signup'] },
      {
        who: 'company',
        email: 'company1@demo.test',
        pages: ['/cases', '/cases/new', caseUrl, '/notifications', '/account'],
      },
      {
        who: 'engineer',
        email: `eng.${(joint?.lead ?? '').toLowerCase()}@demo.test`,
        pages: ['/cases?view=new', caseUrl],
      },
      {
        who: 'manager',
        email: `mgr.${(joint?.lead ?? '').toLowerCase()}@demo.test`,
        pages: ['/account', '/dashboard'],
      },
      { who: 'coordinator', email: 'coordinator@demo.test', pages: ['/cases?view=queue', caseUrl, '/dashboard'] },
      { who: 'admin', email: 'admin@demo.test', pages: ['/cases', '/equipment?q=thermal%20shock'] },
    ];
  });

  async function visit(page: Page, url: string, lang: 'ko' | 'en', name: string): Promise<string[]> {
    const problems: string[] = [];
    const response = await page.goto(`${live.server.url}${url}`);
    if (!response || response.status() >= 400) problems.push(`${url}: HTTP ${response?.status()}`);
    if ((await page.getAttribute('html', 'lang')) !== lang) problems.push(`${url}: html lang is not ${lang}`);
    const text = await page.locator('body').innerText();
    // A key such as caseDetail.team left untranslated; e-mail addresses (…@demo.test) are not keys.
    const untranslated = text.match(
      /(?<![@.\w])(?:common|nav|cases?|caseForm|caseList|caseDetail|dashboard|equipment|accounts|chat|status|fields|services)\.[a-zA-Z]+/,
    );
    if (untranslated) problems.push(`${url}: untranslated key ${untranslated[0]}`);
    await screenshot(page, `pages-${name}-${lang}`);
    problems.push(...(await seriousViolations(page)).map((v) => `${url} (${lang}): ${v}`));
    return problems;
  }

  for (const lang of ['ko', 'en'] as const) {
    it(`shows every role its pages in ${lang === 'ko' ? 'Korean' : 'English'}`, async () => {
      const problems: string[] = [];
      for (const tour of tours) {
        const context = await live.browser.newContext({ locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
        await context.addCookies([{ name: 'lang', value: lang, url: live.server.url }]);
        const page = await context.newPage();
        if (tour.email) await logInAs(page, live.server.url, tour.email);
        for (const [i, url] of tour.pages.entries())
          problems.push(...(await visit(page, url, lang, `${tour.who}-${i}`)));
        await context.close();
      }
      expect(problems).to.deep.equal([]);
    });
  }
});
