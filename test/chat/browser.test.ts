import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { Case } from '../../src/cases/model';
import { flushChatNotifications } from '../../src/chat/activity';
import { launchBrowser, logInAs, screenshot } from '../support/browser';
import { engineerEmail, liveChatServer, type ChatTestServer } from '../support/chat';

describe('case chat in the browser', function () {
  this.timeout(90_000);
  let server: ChatTestServer;
  let browser: Browser;

  before(async () => {
    server = await liveChatServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets the company and the lead engineer chat live, as text, with delivery state', async () => {
    const demo = await Case.findOne({ title: '전력반도체 모듈 열충격 신뢰성 평가' }).lean();
    expect(demo?.lead).to.be.a('string');
    const caseUrl = `${server.url}/cases/${String(demo!._id)}`;
    const [companyContext, engineerContext] = await Promise.all([browser.newContext(), browser.newContext()]);
    const company = await companyContext.newPage();
    const engineer = await engineerContext.newPage();
    const errors: string[] = [];
    for (const page of [company, engineer]) page.on('pageerror', (e) => errors.push(e.message));
    await logInAs(company, server.url, 'company1@demo.test');
    await logInAs(engineer, server.url, engineerEmail(demo!.lead));
    await Promise.all([company.goto(caseUrl), engineer.goto(caseUrl)]);
    for (const page of [company, engineer]) {
      await page.locator('#chat .chat-status').filter({ hasText: '연결됨' }).waitFor();
    }

    const box = company.getByLabel('메시지', { exact: true });
    await box.fill('안녕하세요, 시험 일정을 여쭤봅니다.');
    await box.press('Enter');
    const atEngineer = engineer.locator('#chat .chat-log li', { hasText: '시험 일정을 여쭤봅니다' });
    await atEngineer.waitFor();
    await company.locator('#chat .chat-mine[data-state="sent"]', { hasText: '시험 일정' }).waitFor();

    await engineer
      .getByLabel('메시지', { exact: true })
      .fill('<img src=x onerror="window.pwned=1"> 자료: https://example.com/spec.pdf');
    await engineer.getByRole('button', { name: '보내기' }).click();
    const reply = company.locator('#chat .chat-log li', { hasText: '자료:' });
    await reply.waitFor();
    expect(await reply.locator('img').count()).to.equal(0);
    expect(await reply.locator('.chat-text').textContent()).to.contain('<img src=x');
    const link = reply.locator('a[href="https://example.com/spec.pdf"]');
    expect(await link.getAttribute('rel')).to.equal('noopener noreferrer nofollow');
    expect(await link.getAttribute('target')).to.equal('_blank');
    expect(await company.evaluate(() => (window as unknown as { pwned?: number }).pwned)).to.equal(undefined);
    await company.locator('#chat .chat-online', { hasText: demo!.lead! }).waitFor();
    await company.locator('#chat .chat-unread').waitFor({ state: 'hidden' });
    await company.locator('#chat .chat-mine', { hasText: '시험 일정' }).filter({ hasText: '읽음 1' }).waitFor();
    await screenshot(company, 'chat-company');
    expect(errors).to.deep.equal([]);
    await Promise.all([companyContext.close(), engineerContext.close()]);
  });

  it('holds a picked file beside the box and sends it with the message as its caption', async () => {
    const demo = await Case.findOne({ title: '전력반도체 모듈 열충격 신뢰성 평가' }).lean();
    const context = await browser.newContext();
    const company = await context.newPage();
    await logInAs(company, server.url, 'company1@demo.test');
    await company.goto(`${server.url}/cases/${String(demo!._id)}`);
    await company.locator('#chat .chat-status').filter({ hasText: '연결됨' }).waitFor();
    // A 1×1 PNG.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    await company.locator('#chat-file').setInputFiles({ name: '균열 사진.png', mimeType: 'image/png', buffer: png });
    await company.locator('.chat-pending', { hasText: '균열 사진.png' }).waitFor();
    expect(await company.locator('#chat .chat-log li', { hasText: '균열 사진' }).count(), 'not sent yet').to.equal(0);
    await company.getByLabel('메시지', { exact: true }).fill('시편 균열 사진입니다.');
    await company.getByLabel('메시지', { exact: true }).press('Enter');
    const sent = company.locator('#chat .chat-mine', { hasText: '시편 균열 사진입니다.' });
    await sent.locator('.chat-file-link', { hasText: '균열 사진.png' }).waitFor();
    expect(await company.locator('.chat-pending').isHidden()).to.equal(true);
    await company.reload();
    expect(await company.locator('.attachment img.thumb').count()).to.be.at.least(1);
    // The uploader may take the file back from the case page.
    await company.getByRole('button', { name: '균열 사진.png 지우기' }).click();
    await company.locator('#flash', { hasText: '파일을 지웠습니다' }).waitFor();
    expect(await company.locator('.attachment', { hasText: '균열 사진.png' }).count()).to.equal(0);
    await context.close();
  });

  it('rings the bell live, without a reload, for a progress note and for chat messages (one per window)', async () => {
    const demo = await Case.findOne({ title: '전력반도체 모듈 열충격 신뢰성 평가' }).lean();
    const caseUrl = `${server.url}/cases/${String(demo!._id)}`;
    await flushChatNotifications(); // the first test's chat, whose window may still be open
    const [companyContext, engineerContext] = await Promise.all([browser.newContext(), browser.newContext()]);
    const company = await companyContext.newPage();
    const engineer = await engineerContext.newPage();
    await logInAs(company, server.url, 'company1@demo.test');
    await logInAs(engineer, server.url, engineerEmail(demo!.lead));
    await company.goto(`${server.url}/notifications`);
    await company.getByRole('button', { name: '모두 읽음으로 표시' }).click();
    await company.waitForLoadState();
    expect(await company.locator('a.bell .badge').count()).to.equal(0);
    // Wait until the page's socket is up, so the count cannot be missed.
    await company.waitForFunction(
      () => (window as unknown as { appSocket?: { connected: boolean } }).appSocket?.connected,
    );

    await engineer.goto(caseUrl);
    await engineer.getByLabel('진행 내용 기록').fill('시편 3개의 열충격 1,000회 시험을 시작했습니다.');
    await engineer.getByRole('button', { name: '기록' }).click();
    await company.locator('a.bell .badge', { hasText: '1' }).waitFor();

    await engineer.locator('#chat .chat-status').filter({ hasText: '연결됨' }).waitFor();
    for (const text of ['첫 번째 메시지입니다.', '두 번째 메시지입니다.']) {
      await engineer.getByLabel('메시지', { exact: true }).fill(text);
      await engineer.getByLabel('메시지', { exact: true }).press('Enter');
      await engineer.locator('#chat .chat-mine[data-state="sent"]', { hasText: text }).waitFor();
    }
    await flushChatNotifications();
    await company.locator('a.bell .badge', { hasText: '2' }).waitFor();

    await company.goto(`${server.url}/notifications`);
    const group = company.locator('.notification-group', { hasText: demo!.number });
    expect(await group.locator('li.unread').count()).to.equal(2);
    expect(await group.innerText())
      .to.contain('진행 메모를 남겼습니다')
      .and.contain('새 대화 메시지');
    await screenshot(company, 'notifications-company');
    await Promise.all([companyContext.close(), engineerContext.close()]);
  });
});
