// A real Chromium (Debian's package) driven by playwright-core, and a real HTTP
// server of the app for it to open. Screenshots go to test-artifacts/ (git-ignored).
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { liveChatServer } from './chat';

export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts');

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

export type LiveServer = { url: string; close(): Promise<void> };

/** The app on a real port of 127.0.0.1 with its sockets (chat, live bell), the demo data loaded. */
export async function liveServer(): Promise<LiveServer> {
  const running = await liveChatServer();
  return { url: running.url, close: running.close };
}

export type BrowserSuite = { readonly browser: Browser; readonly server: LiveServer };

/** Registers hooks that start Chromium and a live server before the suite's tests and stop them after. */
export function browserSuite(): BrowserSuite {
  const running: { browser?: Browser; server?: LiveServer } = {};
  before(async () => {
    [running.browser, running.server] = await Promise.all([launchBrowser(), liveServer()]);
  });
  after(async () => {
    await running.browser?.close();
    await running.server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (!value) throw new Error('the browser suite has not started yet');
    return value;
  };
  return {
    get browser() {
      return started(running.browser);
    },
    get server() {
      return started(running.server);
    },
  };
}

/** Logs in through the form, in either language. */
export async function logInAs(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.locator('form[action="/login"] button[type="submit"]').click(),
  ]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

// page.addScriptTag would insert an inline <script>, which the app's CSP (script-src 'self')
// rightly blocks; evaluating the source through the DevTools protocol is not subject to it.
const AXE_SOURCE = readFileSync(path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** axe-core's serious and critical violations on the page, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
