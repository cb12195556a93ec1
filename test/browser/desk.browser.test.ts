// The desk-workspace checks (issue 14) that the workflow test does not walk, in a real
// Chromium: a designation ticked at sign-up shows as awaiting verification (no
// discount) until the desk verifies it, an admin deactivates an account from the user
// list (its open page is signed out), and the performance report downloads as an
// .xlsx whose figures are numbers.
import ExcelJS from 'exceljs';
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { freshCompany, signupInput } from '../accounts/fixtures';
import { testApp } from '../support/app';
import { browserSuite, logInAs, screenshot } from '../support/browser';

describe('the desk workspace in the browser', function () {
  this.timeout(120_000);
  const live = browserSuite();

  async function asUser(email: string, password?: string): Promise<Page> {
    const context = await live.browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    if (!password) {
      await logInAs(page, live.server.url, email);
      return page;
    }
    await page.goto(`${live.server.url}/login`);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(password);
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/login')),
      page.locator('form[action="/login"] button[type="submit"]').click(),
    ]);
    return page;
  }

  it('shows a designation ticked at sign-up as awaiting verification, then verified by the desk with the discount', async () => {
    const fresh = await freshCompany(await testApp(), signupInput({ designations: ['소부장 강소기업 100'] }));
    const company = await asUser(fresh.email, fresh.password);
    await company.goto(`${live.server.url}/account`);
    const fee = company.locator('dt:text-is("장비 사용료") + dd');
    expect(await fee.innerText())
      .to.contain('할인 대상 아님')
      .and.to.contain('확인 중');
    expect(await company.locator('#designations').innerText()).to.contain('확인 대기');
    await screenshot(company, 'desk-designation-claimed');

    const desk = await asUser('coordinator@demo.test');
    await desk.goto(`${live.server.url}/admin/designations`);
    const claim = desk.locator(`[data-claim="${fresh.companyId}:소부장 강소기업 100"]`);
    expect(await claim.innerText()).to.contain('증빙 없음');
    const nextYear = `${new Date().getUTCFullYear() + 1}-12-31`;
    await claim.getByLabel('지정 만료일').fill(nextYear);
    await claim.getByRole('button', { name: '확인', exact: true }).click();
    expect(await desk.locator('#flash').innerText()).to.contain('지정 사업을 확인했습니다');

    await company.reload();
    expect(await fee.innerText()).to.contain('50%');
  });

  it('lets the admin find an account and deactivate it, which signs its open page out', async () => {
    const fresh = await freshCompany(await testApp());
    const company = await asUser(fresh.email, fresh.password);
    const admin = await asUser('admin@demo.test');
    await admin.goto(`${live.server.url}/admin/users`);
    await admin.getByLabel('이름 또는 이메일').fill(fresh.email);
    await admin.getByRole('button', { name: '찾기' }).click();
    const row = admin.locator(`tr[data-user="${fresh.email}"]`);
    await row.getByText('비활성화…').click();
    await row.getByLabel('비활성화 사유 (관리 기록에 남습니다)').fill('퇴사한 담당자의 계정');
    await row.getByRole('button', { name: /계정 비활성화/ }).click();
    expect(await admin.locator('#flash').innerText()).to.contain('계정을 비활성화했습니다');
    expect(await admin.locator(`tr[data-user="${fresh.email}"]`).innerText()).to.contain('비활성');
    await screenshot(admin, 'desk-admin-deactivated');
    await company.goto(`${live.server.url}/account`);
    expect(new URL(company.url()).pathname).to.equal('/login');
  });

  it("moves through the queue by keyboard and links each row's next step to the team builder", async () => {
    const desk = await asUser('coordinator@demo.test');
    await desk.goto(`${live.server.url}/cases?view=all&period=open`);
    const links = desk.locator('tbody a.case-link');
    expect(await links.count()).to.be.greaterThan(1);
    await desk.keyboard.press('j');
    expect(await desk.evaluate(() => document.activeElement?.className)).to.equal('case-link');
    const first = await desk.evaluate(() => document.activeElement?.getAttribute('href'));
    await desk.keyboard.press('j');
    const second = await desk.evaluate(() => document.activeElement?.getAttribute('href'));
    expect(second).to.not.equal(first);
    expect(second).to.equal(await links.nth(1).getAttribute('href'));
    await desk.keyboard.press('k');
    expect(await desk.evaluate(() => document.activeElement?.getAttribute('href'))).to.equal(first);
    await Promise.all([desk.waitForURL(/\/cases\/[a-f0-9]{24}$/), desk.keyboard.press('Enter')]);
    const todo = await desk.goto(`${live.server.url}/cases?view=awaiting`);
    expect(todo?.status()).to.equal(200);
    expect(await desk.locator('a.todo-link').first().getAttribute('href')).to.match(/#team-builder$/);
  });

  it('downloads the performance report as .xlsx with the figures as numbers', async () => {
    const desk = await asUser('coordinator@demo.test');
    await desk.goto(`${live.server.url}/dashboard/report`);
    expect(await desk.locator('h1').innerText()).to.contain('성과 보고서');
    await screenshot(desk, 'desk-report');
    const [download] = await Promise.all([
      desk.waitForEvent('download'),
      desk.getByRole('link', { name: '엑셀(.xlsx) 내려받기' }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
    const summary = workbook.getWorksheet('요약');
    const supports = summary?.getRows(1, summary.rowCount)?.find((r) => r.getCell(1).value === '지원 실적');
    expect(supports?.getCell(2).value).to.be.a('number');
    expect(workbook.getWorksheet('기관 평가')?.getRow(2).getCell(1).value).to.equal(1);
  });
});
