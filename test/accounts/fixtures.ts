// Throwaway accounts for tests that change passwords or need a company of their own,
// so the shared demo accounts stay usable by every other test file.
import type { Express } from 'express';
import { randomInt, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { testConfig } from '../support/app';
import type { Agent } from '../support/demo';

const WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5];

/** The 사업자등록번호 check digit for the first nine digits (computed independently of src/). */
export function checkDigit(nine: string): number {
  const d = [...nine].map(Number);
  let sum = 0;
  WEIGHTS.forEach((w, i) => (sum += w * (d[i] ?? 0)));
  sum += Math.floor(((d[8] ?? 0) * 5) / 10);
  return (10 - (sum % 10)) % 10;
}

/** A random, valid, 10-digit business number. */
export function newBusinessNumber(): string {
  const nine = String(randomInt(100_000_000, 1_000_000_000));
  return `${nine}${checkDigit(nine)}`;
}

const RUN = randomUUID().slice(0, 8);
let serial = 0;

/** An email address no other test (or earlier run) uses. */
export function uniqueEmail(label: string): string {
  serial += 1;
  return `${label}-${RUN}-${serial}@accounts.test`;
}

export const FRESH_PASSWORD = 'fresh-pass-2026!';

export type SignupBody = {
  companyName: string;
  businessNumber: string;
  size: string;
  industry: string;
  region: string;
  designations: string[];
  name: string;
  email: string;
  password: string;
  passwordConfirm: string;
  privacyConsent: boolean;
};

export function signupInput(overrides: Partial<SignupBody> = {}): SignupBody {
  return {
    companyName: `테스트정밀(주) ${RUN}-${serial}`,
    businessNumber: newBusinessNumber(),
    size: '중소기업',
    industry: '반도체',
    region: '경기',
    designations: [],
    name: '최테스트',
    email: uniqueEmail('company'),
    password: FRESH_PASSWORD,
    passwordConfirm: overrides.password ?? FRESH_PASSWORD,
    privacyConsent: true,
    ...overrides,
  };
}

export type FreshCompany = { agent: Agent; email: string; password: string; companyId: string; userId: string };

let addresses = 0;
/** A client address of its own (the app trusts a proxy on loopback), so sign-up limits per address stay apart. */
const ownAddress = () => `10.77.${Math.floor(++addresses / 250)}.${addresses % 250}`;

/** Signs up a new company through the API and its mailed link; the returned agent holds its session. */
export async function freshCompany(app: Express, input = signupInput()): Promise<FreshCompany> {
  const agent = request.agent(app);
  const address = ownAddress();
  await agent.post('/api/auth/signup').set('x-forwarded-for', address).send(input).expect(202);
  const token = await mailedToken(input.email, 'signup/confirm');
  const res = await agent.post('/api/auth/signup/confirm').set('x-forwarded-for', address).send({ token }).expect(201);
  return {
    agent,
    email: input.email,
    password: FRESH_PASSWORD,
    companyId: String(res.body.user.company.id),
    userId: String(res.body.user.id),
  };
}

function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The decoded text of the newest mail written to the outbox for this address. */
export async function newestMail(to: string): Promise<string> {
  const outbox = path.join(testConfig.dataDir, 'outbox');
  const suffix = `-${to.replace(/[^a-z0-9.@-]/gi, '_')}.eml`;
  const files = (await readdir(outbox)).filter((f) => f.endsWith(suffix)).sort();
  const newest = files.at(-1);
  if (!newest) throw new Error(`no mail for ${to} in ${outbox}`);
  const raw = await readFile(path.join(outbox, newest), 'utf8');
  const split = raw.search(/\r?\n\r?\n/);
  const headers = raw.slice(0, split);
  const body = raw.slice(split).trimStart();
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) return decodeQuotedPrintable(body);
  if (/content-transfer-encoding:\s*base64/i.test(headers)) return Buffer.from(body, 'base64').toString('utf8');
  return body;
}

/** The one-time token in the newest mail's link of the given kind. */
export async function mailedToken(
  to: string,
  kind: 'password/reset' | 'invitations' | 'signup/confirm',
): Promise<string> {
  const text = await newestMail(to);
  const match = new RegExp(`/${kind}/([A-Za-z0-9_-]{20,})`).exec(text);
  if (!match?.[1]) throw new Error(`no /${kind}/ link in the mail to ${to}:\n${text}`);
  return match[1];
}

/** Counts the outbox mails for an address (to tell a new mail from an old one). */
export async function mailCount(to: string): Promise<number> {
  const outbox = path.join(testConfig.dataDir, 'outbox');
  const suffix = `-${to.replace(/[^a-z0-9.@-]/gi, '_')}.eml`;
  try {
    return (await readdir(outbox)).filter((f) => f.endsWith(suffix)).length;
  } catch {
    return 0;
  }
}
