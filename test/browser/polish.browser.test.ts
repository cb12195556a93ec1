// The product-polish checks (issue 11), each in a real Chromium: forms that come back
// with their values and messages, search that works in its default state and across
// tabs, a decline that lands on a page that exists, sign-up with confirmation and
// consent, the phone header menu, and an English case page without Korean interface
// text.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { Case } from '../../src/cases/model';
import { newBusinessNumber } from '../accounts/fixtures';
import { browserSuite, logInAs, screenshot } from '../support/browser';

describe('product polish in the browser', function () {
  this.timeout(120_000);
  const live = browserSuite();

  async function asUser(email: string, lang: 'ko' | 'en' = 'ko', width = 1366): Promise<Page> {
    const context = await live.browser.newContext({ viewport: { width, height: 900 } });
    if (lang === 'en') await context.addCookies([{ name: 'lang', value: 'en', url: live.server.url }]);
    const page = await context.newPage();
    await logInAs(page, live.server.url, email);
    return page;
  }

  /** Posts a case through the form and answers its page URL and lead. */
  async function postCase(company: Page, title: string): Promise<{ url: string; lead: string }> {
    await company.goto(`${live.server.url}/cases/new`);
    await company.getByLabel('제목').fill(title);
    await company
      .getByLabel('문제 설명')
      .fill('리튬이온 배터리 파우치 셀이 60도 고온 보관 후 부풀어 오릅니다. 가스 발생 원인 분석이 필요합니다.');
    await company.getByRole('button', { name: '제출하고 기관 찾기' }).click();
    await company.waitForURL(/\/cases\/[a-f0-9]{24}\?done=submit/);
    const lead = (await company.locator('[data-lead]').getAttribute('data-lead')) ?? '';
    return { url: company.url().replace(/[?#].*$/, ''), lead };
  }

  it('brings the intake form back with every value, the field list and the messages beside their fields', async () => {
    const company = await asUser('company1@demo.test');
    await company.goto(`${live.server.url}/cases/new`);
    await company.getByLabel('제목').fill('ab');
    await company.getByLabel('문제 설명').fill('짧음');
    await company.getByLabel('분야').selectOption('전자부품');
    // The browser's own checks would stop the form first; the server's answer is what is tested.
    await company.locator('form.form').evaluate((form) => form.setAttribute('novalidate', ''));
    const response = await Promise.all([
      company.waitForResponse((r) => r.url().endsWith('/cases') && r.request().method() === 'POST'),
      company.getByRole('button', { name: '임시저장' }).click(),
    ]);
    expect(response[0].status()).to.equal(400);
    expect(await company.getByLabel('제목').inputValue()).to.equal('ab');
    expect(await company.locator('#title-error').innerText()).to.contain('4자');
    expect(await company.locator('#description-error').innerText()).to.contain('20자');
    expect(await company.locator('#field option').count()).to.equal(6);
    expect(await company.locator('#field').inputValue()).to.equal('전자부품');
    await screenshot(company, 'polish-intake-mistakes');
  });

  it('searches with status "all" and finds a case whichever tab it sits in, with counts on the tabs', async () => {
    const company = await asUser('company1@demo.test');
    const { url, lead } = await postCase(company, '탭을 넘는 검색 확인용 과제');
    const engineer = await asUser(`eng.${lead.toLowerCase()}@demo.test`);
    await engineer.goto(url);
    await engineer.getByRole('button', { name: '과제 수락 (내가 담당)' }).click();
    await engineer.waitForURL(/done=accept/);

    await engineer.goto(`${live.server.url}/cases?view=new`);
    await engineer.getByLabel('검색').fill('탭을 넘는');
    await engineer.getByRole('button', { name: '찾기' }).click();
    await engineer.waitForLoadState();
    expect(await engineer.getByRole('link', { name: '탭을 넘는 검색 확인용 과제' }).count()).to.equal(1);
    expect(await engineer.locator('.tabs a', { hasText: '내 담당' }).locator('.count').innerText()).to.equal('1');

    const coordinator = await asUser('coordinator@demo.test');
    await coordinator.goto(`${live.server.url}/cases?view=intake`);
    const [answer] = await Promise.all([
      coordinator.waitForResponse((r) => r.url().includes('/cases?')),
      coordinator.getByRole('button', { name: '찾기' }).click(),
    ]);
    expect(answer.status()).to.equal(200);
    expect(await coordinator.locator('.tabs .count').count()).to.equal(6);
  });

  it('lands a declining engineer on their list, told where the case went', async () => {
    const company = await asUser('company1@demo.test');
    const { url, lead } = await postCase(company, '거절 후 이동 확인용 과제');
    const engineer = await asUser(`eng.${lead.toLowerCase()}@demo.test`);
    await engineer.goto(url);
    await engineer.getByLabel('거절 사유').fill('보유 장비로는 시험할 수 없습니다.');
    await engineer.getByRole('button', { name: '거절' }).click();
    await engineer.waitForURL(/\/cases\?declined=/);
    const next = (await Case.findOne({ title: '거절 후 이동 확인용 과제' }).lean())?.offeredTo ?? '';
    expect(await engineer.locator('.notice').innerText())
      .to.contain('거절했습니다')
      .and.contain(next);
    // The company is not told who declined: declines are for the desk.
    await company.goto(url);
    expect(await company.locator('body').innerText()).not.to.contain('보유 장비로는 시험할 수 없습니다');
  });

  it('shows the English case page with no Korean interface words, no wider than a phone', async () => {
    const joint = await Case.findOne({ status: 'in_progress', 'participants.0': { $exists: true } }).lean();
    const coordinator = await asUser('coordinator@demo.test', 'en', 390);
    await coordinator.goto(`${live.server.url}/cases/${String(joint?._id)}`);
    await coordinator.locator('#chat .chat-log li').first().waitFor();
    const text = await coordinator.locator('body').innerText();
    for (const korean of ['요청 핵심어', '전문분야:', '보유 장비:', '인접 권역', '새 메시지', '이(가)'])
      expect(text, korean).not.to.contain(korean);
    expect(await coordinator.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).to.equal(0);
    expect(await coordinator.locator('.team .why').count()).to.be.at.least(2);
    // A listed industry reads as the industry list names it.
    expect(await coordinator.locator('dl.facts').first().innerText()).to.contain('Semiconductors');
    await screenshot(coordinator, 'polish-case-en-phone');
  });

  it('folds the header into a menu button on a phone', async () => {
    const company = await asUser('company1@demo.test', 'ko', 390);
    await company.goto(`${live.server.url}/cases`);
    const menu = company.getByRole('button', { name: '메뉴' });
    expect(await menu.isVisible()).to.equal(true);
    expect(await company.getByRole('link', { name: '장비 찾기' }).isVisible()).to.equal(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).to.equal('true');
    expect(await company.getByRole('link', { name: '장비 찾기' }).isVisible()).to.equal(true);
    // Korean words never break mid-word ("처리됩니\n다").
    expect(await company.evaluate(() => getComputedStyle(document.body).wordBreak)).to.equal('keep-all');
    await screenshot(company, 'polish-menu-phone');
  });

  it('signs a company up with password confirmation and privacy consent, keeping values after a mistake', async () => {
    const context = await live.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${live.server.url}/signup`);
    // Labels sit above their fields, not inline in a row.
    for (const id of ['companyName', 'businessNumber', 'email', 'passwordConfirm']) {
      const label = await page.locator(`label[for="${id}"]`).boundingBox();
      const field = await page.locator(`#${id}`).boundingBox();
      expect((label?.y ?? 0) + (label?.height ?? 0), id).to.be.at.most((field?.y ?? 0) + 1);
    }
    await page.getByLabel('회사명').fill('(주)폴리시테스트');
    await page.getByLabel('사업자등록번호').fill(newBusinessNumber());
    await page.getByLabel('기업 규모').selectOption('중소기업');
    await page.getByLabel('업종').selectOption('이차전지');
    await page.getByLabel('지역').selectOption('경기');
    await page.getByLabel('소부장 강소기업 100').check();
    await page.getByLabel('이름', { exact: true }).fill('정폴리');
    await page.getByLabel('이메일').fill(`polish-${Date.now()}@example.test`);
    await page.getByLabel('비밀번호 (10자 이상)').fill('polish-pass-2026');
    await page.getByLabel('비밀번호 확인').fill('another-pass-2026');
    await page.getByLabel('개인정보 수집·이용에 동의합니다 (필수)').check();
    await page.getByRole('button', { name: '가입하기' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#passwordConfirm-error').innerText()).to.contain('서로 다릅니다');
    expect(await page.getByLabel('회사명').inputValue()).to.equal('(주)폴리시테스트');
    expect(await page.getByLabel('업종').inputValue()).to.equal('이차전지');
    expect(await page.getByLabel('소부장 강소기업 100').isChecked()).to.equal(true);
    expect(await page.getByRole('link', { name: '개인정보 처리방침 보기' }).getAttribute('href')).to.equal('/privacy');
    await screenshot(page, 'polish-signup-mistake');
    await context.close();
  });
});
