// The dashboard (coordinator, institute manager) and the equipment catalogue (company)
// in a real Chromium: charts drawn by the locally served Chart.js under the strict CSP,
// full-page screenshots in test-artifacts/, and axe-core with no serious or critical
// violations on any of these pages.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { browserSuite, logInAs, screenshot, seriousViolations } from '../support/browser';

describe('dashboard and equipment in the browser', function () {
  this.timeout(120_000);
  const live = browserSuite();
  const problems: string[] = [];

  async function asUser(email: string): Promise<Page> {
    const context = await live.browser.newContext({ locale: 'ko-KR', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Console errors include CSP refusals; failed responses are reported with their URL below.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(`${email}: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
        problems.push(`${email}: ${response.status()} ${response.url()}`);
    });
    page.on('pageerror', (error) => problems.push(`${email}: ${error.message}`));
    await logInAs(page, live.server.url, email);
    return page;
  }

  async function chartsDrawn(page: Page): Promise<number> {
    await page.waitForFunction(() => {
      const chart = (window as unknown as { Chart?: { getChart(el: Element): unknown } }).Chart;
      const canvases = [...document.querySelectorAll('canvas[data-chart]')];
      return !!chart && canvases.length > 0 && canvases.every((c) => !!chart.getChart(c));
    });
    return page.locator('canvas[data-chart]').count();
  }

  it('shows the coordinator the whole consortium with charts and tables', async () => {
    const page = await asUser('coordinator@demo.test');
    await page.getByRole('link', { name: '대시보드', exact: true }).click();
    await page.waitForURL(/\/dashboard$/);
    expect(await chartsDrawn(page)).to.be.at.least(5);
    expect(
      await page
        .getByRole('table', { name: /회원 기관 연간 평가용 실적/ })
        .locator('tbody tr')
        .count(),
    ).to.equal(37);
    await screenshot(page, 'dashboard-coordinator');
    expect(await seriousViolations(page)).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  it('shows an institute manager their own institute’s slice', async () => {
    const page = await asUser('mgr.krict@demo.test');
    await page.goto(`${live.server.url}/dashboard`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.contain('KRICT');
    expect(await page.getByLabel('기관', { exact: true }).count()).to.equal(0);
    expect(await chartsDrawn(page)).to.be.at.least(3);
    await screenshot(page, 'dashboard-institute-manager');
    expect(await seriousViolations(page)).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  it('lets a company find equipment by a Korean and an English capability and open an item', async () => {
    const page = await asUser('company1@demo.test');
    await page.getByRole('link', { name: '장비 찾기', exact: true }).click();
    await page.getByLabel('검색어').fill('열충격');
    await page.getByRole('button', { name: '찾기' }).click();
    await page.waitForURL(/q=/);
    expect(await page.getByRole('link', { name: '열충격 시험기' }).count()).to.be.at.least(1);
    await screenshot(page, 'equipment-search-korean');
    expect(await seriousViolations(page)).to.deep.equal([]);

    await page.getByLabel('검색어').fill('thermal shock');
    await page.getByRole('button', { name: '찾기' }).click();
    await page.waitForURL(/q=thermal/);
    await page.getByRole('link', { name: '열충격 시험기' }).first().click();
    await page.waitForURL(/\/equipment\/[a-f0-9]{24}$/);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.contain('열충격 시험기');
    expect(await page.locator('.discount').innerText()).to.contain('50% 감면');
    await screenshot(page, 'equipment-item-company');
    expect(await seriousViolations(page)).to.deep.equal([]);

    await page.goto(`${live.server.url}/equipment?q=zzqqxx`);
    expect(await page.getByText('조건에 맞는 장비가 없습니다.').count()).to.equal(1);
    expect(await seriousViolations(page)).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });
});
