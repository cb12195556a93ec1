// One case walked through the pages by the three kinds of user, in a real Chromium:
// company submits → lead engineer accepts → coordinator adds a second institute →
// engineer starts and resolves → company says it is not solved → engineer resolves
// again → company closes with a rating. Every action answers with a focused flash message.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { browserSuite, logInAs, screenshot } from '../support/browser';

describe('case workflow in the browser', function () {
  this.timeout(120_000);
  const live = browserSuite();

  async function asUser(email: string): Promise<Page> {
    const context = await live.browser.newContext({ locale: 'ko-KR' });
    const page = await context.newPage();
    await logInAs(page, live.server.url, email);
    return page;
  }

  const statusOf = (page: Page) => page.locator('.page-head .status').innerText();
  /** The flash message after an action: shown, and focused so a screen reader reads it. */
  async function flashOf(page: Page): Promise<string> {
    await page.waitForLoadState();
    const flash = page.locator('#flash');
    expect(await flash.evaluate((el) => el === document.activeElement), 'flash focused').to.equal(true);
    return flash.innerText();
  }
  async function resolveAs(engineer: Page, result: string) {
    await engineer.getByText('결과 등록', { exact: true }).click();
    await engineer.getByLabel('수행 내용').fill('셀 분해 분석과 가스 성분 분석을 수행했습니다.');
    await engineer.getByLabel('결과', { exact: true }).fill(result);
    await engineer.getByLabel('원가 절감 효과 (원)').fill('3000000');
    await engineer.getByRole('button', { name: '해결 결과 등록' }).click();
    expect(await flashOf(engineer)).to.contain('해결 결과를 등록했습니다');
    expect(await statusOf(engineer)).to.equal('해결');
  }

  it('goes from submission to a rated, closed case', async () => {
    const company = await asUser('company1@demo.test');
    await company.goto(`${live.server.url}/cases/new`);
    await company.getByLabel('제목').fill('배터리 파우치 셀 고온 스웰링');
    await company
      .getByLabel('문제 설명')
      .fill(
        '리튬이온 배터리 파우치 셀이 60도 고온 보관 후 부풀어 오릅니다. 가스 발생 원인 분석과 신뢰성 평가가 필요합니다.',
      );
    await company.getByLabel('고장원인분석').check();
    await company.getByRole('button', { name: '제출하고 기관 찾기' }).click();
    await company.waitForURL(/\/cases\/[a-f0-9]{24}\?done=submit/);
    expect(await flashOf(company)).to.contain('과제를 접수했습니다');
    expect(await statusOf(company)).to.equal('기관 배정');
    // Why this institute: one sentence per team member, no raw engine bullets for the company.
    // (How many members the engine proposes depends on the institutes' load left by earlier tests.)
    const members = await company.locator('.team li[data-member]').count();
    expect(members).to.be.greaterThan(0);
    expect(await company.locator('.team .why').count()).to.equal(members);
    expect(await company.locator('.routing-detail').count()).to.equal(0);
    await screenshot(company, 'workflow-1-company-routed');
    const caseUrl = company.url().replace(/[?#].*$/, '');
    const lead = (await company.locator('[data-lead]').getAttribute('data-lead')) ?? '';
    expect(lead).to.match(/^[A-Z]+$/);

    const engineer = await asUser(`eng.${lead.toLowerCase()}@demo.test`);
    await engineer.goto(`${live.server.url}/cases?view=new`);
    await engineer.getByRole('link', { name: '배터리 파우치 셀 고온 스웰링' }).first().click();
    await engineer.getByRole('button', { name: '과제 수락 (내가 담당)' }).click();
    expect(await flashOf(engineer)).to.contain('과제를 수락했습니다');
    expect(await statusOf(engineer)).to.equal('수락');

    const coordinator = await asUser('coordinator@demo.test');
    await coordinator.goto(caseUrl);
    // The team builder, at the top of the case: every institute by name, the proposal marked.
    expect(await coordinator.locator('[data-builder-row]').count()).to.equal(37);
    expect(await coordinator.locator('.proposed-tag', { hasText: '추천 주관' }).count()).to.equal(1);
    const taken = new Set([
      lead,
      ...(await coordinator
        .locator('input[name="participants"]:checked')
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))),
    ]);
    const second = ['KTL', 'KETI', 'KRISS'].find((code) => !taken.has(code)) ?? 'KIMS';
    await coordinator.getByLabel('기관 검색').fill(second);
    await coordinator.locator(`input[name="participants"][value="${second}"]`).check();
    await coordinator.getByRole('button', { name: '지원팀 저장' }).click();
    expect(await flashOf(coordinator)).to.contain('지원팀을 저장했습니다');
    expect(await coordinator.locator('.team .why').count()).to.equal(members + 1);
    expect(await coordinator.locator('.tag', { hasText: '융복합 지원' }).count()).to.equal(1);
    await screenshot(coordinator, 'workflow-2-coordinator-team');

    // The new participant confirms its part before the joint team is formed.
    const partner = await asUser(`eng.${second.toLowerCase()}@demo.test`);
    await partner.goto(caseUrl);
    expect(await partner.locator('#participation').innerText()).to.contain('공동지원 참여 요청');
    await partner.getByRole('button', { name: '참여 수락' }).click();
    expect(await flashOf(partner)).to.contain('공동지원 참여를 수락했습니다');
    expect(await partner.locator(`.team li[data-member="${second}"] .member-state`).innerText()).to.equal('수락');

    await engineer.goto(caseUrl);
    await engineer.getByRole('button', { name: '지원 착수' }).click();
    expect(await flashOf(engineer)).to.contain('착수했습니다');
    // The resolution form stays folded until the engineer asks for it.
    expect(await engineer.getByLabel('수행 내용').isVisible()).to.equal(false);
    await resolveAs(engineer, '전해질 분해가 원인으로 확인되었습니다.');

    // The company sees the outcome before the rating, and can send it back with a reason.
    await company.goto(caseUrl);
    const outcomePanel = company.locator('section.panel:has(h2:text-is("해결 결과"))');
    const outcomeTop = await outcomePanel.boundingBox();
    const ratingTop = await company.getByText('만족도', { exact: false }).first().boundingBox();
    expect(outcomeTop?.y ?? 1e9).to.be.below(ratingTop?.y ?? 0);
    await company.getByLabel('해결되지 않은 점').fill('고온 보관 80도 조건도 확인이 필요합니다.');
    await company.getByRole('button', { name: '해결되지 않았습니다 — 다시 요청' }).click();
    expect(await flashOf(company)).to.contain('과제를 다시 열었습니다');
    expect(await statusOf(company)).to.equal('진행 중');

    await engineer.goto(caseUrl);
    await resolveAs(engineer, '80도 조건에서도 같은 원인이 확인되었습니다.');

    await company.goto(caseUrl);
    await company.getByLabel('6', { exact: true }).check();
    await company.getByLabel('의견 (선택)').fill('빠른 지원 감사합니다.');
    await company.getByRole('button', { name: '확인하고 종료' }).click();
    expect(await flashOf(company)).to.contain('과제를 종료했습니다');
    expect(await statusOf(company)).to.equal('종료');
    expect(await outcomePanel.innerText()).to.contain('6 / 7');
    await screenshot(company, 'workflow-3-company-closed');

    await coordinator.goto(caseUrl);
    const audit = await coordinator.locator('ol.audit > li').count();
    expect(audit).to.be.at.least(9);
    expect(await coordinator.locator('ol.audit').innerText()).to.contain('다시 열었습니다');
  });
});
