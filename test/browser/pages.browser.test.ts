// Every role's key pages in Korean and English, at desktop and phone width, in a real
// Chromium: the page says its language in <html lang>, shows no untranslated key, is
// no wider than the phone, in English shows Hangul only in what users wrote and in
// proper names (marked translate="no"), gets a full-page screenshot in test-artifacts/,
// and axe-core finds no serious or critical violation.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { Case } from '../../src/cases/model';
import { EquipmentUse } from '../../src/equipment/use-model';
import { browserSuite, logInAs, screenshot, seriousViolations } from '../support/browser';

type Tour = { who: string; email?: string; pages: string[] };

describe('key pages for every role, in Korean and English', function () {
  this.timeout(300_000);
  const live = browserSuite();
  let tours: Tour[];

  before(async () => {
    const joint = await Case.findOne({ status: 'in_progress', 'participants.0': { $exists: true } }).lean();
    const caseUrl = `/cases/${String(joint?._id)}`;
    const use = await EquipmentUse.findOne({ status: 'scheduled' }).lean();
    const useUrl = `/equipment-requests/${String(use?._id)}`;
    const instrumentUrl = `/equipment/${use?.equipmentId}`;
    tours = [
      {
        who: 'visitor',
        pages: ['/', '/institutes', '/institutes/KRICT', '/equipment', instrumentUrl, '/login', '/signup'],
      },
      {
        who: 'company',
        email: 'company1@demo.test',
        pages: [
          '/cases',
          '/cases/new',
          caseUrl,
          '/notifications',
          '/account',
          instrumentUrl,
          '/equipment-requests',
          useUrl,
        ],
      },
      {
        who: 'equipment institute',
        email: `eng.${(use?.instituteCode ?? '').toLowerCase()}@demo.test`,
        pages: ['/equipment-requests', useUrl],
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
      {
        who: 'coordinator',
        email: 'coordinator@demo.test',
        pages: [
          '/cases?view=awaiting',
          '/cases?view=joint',
          caseUrl,
          '/dashboard',
          '/dashboard/report',
          '/admin/designations',
          '/equipment/import',
          '/equipment-requests',
        ],
      },
      {
        who: 'admin',
        email: 'admin@demo.test',
        pages: ['/cases', '/equipment?q=thermal%20shock', '/admin/users', '/admin/institutes', '/admin/log'],
      },
    ];
  });

  /** Hangul outside user-written text and proper names (marked translate="no") and the language switch (lang="ko"). */
  const untranslatedHangul = (page: Page) =>
    page.evaluate(() => {
      const found: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !/[\uac00-\ud7a3]/.test(node.textContent ?? '')) continue;
        if (parent.closest('[translate="no"], [lang="ko"], script, style, option:not(:checked)')) continue;
        if (parent.closest('[hidden]') || !parent.checkVisibility()) continue;
        found.push(`${parent.tagName.toLowerCase()}: ${(node.textContent ?? '').trim().slice(0, 60)}`);
      }
      return found;
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
    if (lang === 'en') problems.push(...(await untranslatedHangul(page)).map((h) => `${url} (en): Hangul in ${h}`));
    await screenshot(page, `pages-${name}-${lang}`);
    problems.push(...(await seriousViolations(page)).map((v) => `${url} (${lang}): ${v}`));
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${url} (${lang}): ${overflow}px wider than a 390px phone`);
    await screenshot(page, `pages-${name}-${lang}-phone`);
    problems.push(...(await seriousViolations(page)).map((v) => `${url} (${lang}, phone): ${v}`));
    await page.setViewportSize({ width: 1366, height: 900 });
    return problems;
  }

  for (const lang of ['ko', 'en'] as const) {
    it(`shows every role its pages in ${lang === 'ko' ? 'Korean' : 'English'}`, async () => {
      const problems: string[] = [];
      for (const tour of tours) {
        const context = await live.browser.newContext({
          locale: lang === 'ko' ? 'ko-KR' : 'en-US',
          viewport: { width: 1366, height: 900 },
        });
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
