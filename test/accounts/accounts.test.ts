// Accounts: login and sessions, company sign-up, password change and reset, invitations,
// CSRF and attempt limits. Tests that change a password use a fresh sign-up, so the
// shared demo accounts keep working for every other test file.
import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { OneTimeToken, User } from '../../src/accounts/model';
import {
  formatBusinessNumber,
  isValidBusinessNumber,
  normalizeBusinessNumber,
} from '../../src/companies/business-number';
import { Company } from '../../src/companies/model';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { testApp } from '../support/app';
import { demoData, signedIn } from '../support/demo';
import {
  checkDigit,
  freshCompany,
  FRESH_PASSWORD,
  mailCount,
  mailedToken,
  newBusinessNumber,
  newestMail,
  signupInput,
  uniqueEmail,
} from './fixtures';

const BAD_CREDENTIALS = '이메일 또는 비밀번호가 맞지 않습니다.';
const NEW_PASSWORD = 'brand-new-pass-77';

type Headers = Record<string, unknown>;

/** The session cookie value a response sets, if any. */
function sessionCookie(res: { headers: Headers }): string | undefined {
  const cookies = res.headers['set-cookie'];
  for (const cookie of Array.isArray(cookies) ? cookies : []) {
    const match = /^sobujang\.sid=([^;]+)/.exec(String(cookie));
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** The CSRF token a page's forms carry. */
function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no _csrf field on the page');
  return token;
}

const login = (app: Express, email: string, password: string) =>
  request(app).post('/api/auth/login').send({ email, password });

describe('accounts', function () {
  this.timeout(60_000);
  let app: Express;

  before(async () => {
    app = await testApp();
    await demoData();
  });

  describe('login and logout', () => {
    it('signs in with the right password, and /api/me says who is signed in', async () => {
      await request(app).get('/api/me').expect(401);
      const agent = request.agent(app);
      const res = await agent
        .post('/api/auth/login')
        .send({ email: 'Admin@Demo.test ', password: DEMO_PASSWORD })
        .expect(200);
      expect(res.body.user).to.include({ email: 'admin@demo.test', role: 'admin' });
      expect(res.body.user).to.not.have.property('passwordHash');
      const me = await agent.get('/api/me').expect(200);
      expect(me.body.user).to.include({ email: 'admin@demo.test', role: 'admin', roleLabel: '관리자' });
      expect(me.body.csrfToken).to.be.a('string').with.length.greaterThan(10);
    });

    it('answers a wrong password and an unknown email with the same 401', async () => {
      const wrongPassword = await login(app, 'coordinator@demo.test', 'not-the-password').expect(401);
      const unknownEmail = await login(app, 'nobody-here@demo.test', DEMO_PASSWORD).expect(401);
      expect(wrongPassword.body).to.deep.equal({ error: BAD_CREDENTIALS });
      expect(unknownEmail.body).to.deep.equal(wrongPassword.body);
      const malformed = await login(app, 'not-an-email', DEMO_PASSWORD).expect(400);
      expect(malformed.body.fields).to.have.property('email');
    });

    it('logs out', async () => {
      const agent = await signedIn(app, 'coordinator@demo.test');
      await agent.get('/api/me').expect(200);
      await agent.post('/api/auth/logout').send({}).expect(200);
      await agent.get('/api/me').expect(401);
      await agent.get('/api/cases').expect(401);
    });

    it('gives the session a new id on login, so an earlier session id is worth nothing', async () => {
      const agent = request.agent(app);
      const page = await agent.get('/login').expect(200);
      const anonymous = sessionCookie(page);
      expect(anonymous, 'GET /login starts a session for the CSRF token').to.be.a('string');
      const res = await agent
        .post('/api/auth/login')
        .send({ email: 'coordinator@demo.test', password: DEMO_PASSWORD })
        .expect(200);
      const authenticated = sessionCookie(res);
      expect(authenticated).to.be.a('string').and.not.equal(anonymous);
      await request(app).get('/api/me').set('Cookie', `sobujang.sid=${anonymous}`).expect(401);
      await request(app).get('/api/me').set('Cookie', `sobujang.sid=${authenticated}`).expect(200);
    });
  });

  describe('company sign-up', () => {
    it('signs up a company with a valid business number and signs it in', async () => {
      const digits = newBusinessNumber();
      const input = signupInput({
        businessNumber: formatBusinessNumber(digits),
        designations: ['소부장 스타트업 100'],
      });
      const agent = request.agent(app);
      await agent.post('/api/auth/signup').send(input).expect(202);
      expect(await User.exists({ email: input.email }), 'nothing before the link').to.equal(null);
      const token = await mailedToken(input.email, 'signup/confirm');
      const res = await agent.post('/api/auth/signup/confirm').send({ token }).expect(201);
      await agent.post('/api/auth/signup/confirm').send({ token }).expect(400);
      expect(res.body.user).to.include({ email: input.email, role: 'company' });
      // A declared designation is a claim until the desk verifies it: no discount yet.
      expect(res.body.user.company).to.include({ name: input.companyName, equipmentDiscount: false });
      expect(res.body.user.company.pendingDesignations).to.deep.equal(['소부장 스타트업 100']);
      const me = await agent.get('/api/me').expect(200);
      expect(me.body.user.company.id).to.equal(res.body.user.company.id);
      const stored = await Company.findById(res.body.user.company.id).lean();
      expect(stored?.businessNumber).to.equal(digits);
    });

    it('mails the sign-up link in the language of the page that asked', async () => {
      const input = signupInput({ companyName: 'Hanbit Materials Co.', name: 'Lee' });
      await request(app).post('/api/auth/signup').set('Cookie', 'lang=en').send(input).expect(202);
      const mail = await newestMail(input.email);
      expect(mail)
        .to.contain('Finish signing up')
        .and.not.match(/[\uac00-\ud7a3]{2}/);
      const korean = signupInput();
      await request(app).post('/api/auth/signup').send(korean).expect(202);
      expect(await newestMail(korean.email)).to.contain('가입을 마쳐 주세요');
    });

    it('refuses a sign-up without matching passwords, privacy consent or a listed industry, field by field', async () => {
      const input = signupInput({
        passwordConfirm: 'another-pass-2026',
        privacyConsent: false,
        industry: '이차전지, 자동차',
      });
      const res = await request(app).post('/api/auth/signup').send(input).expect(400);
      expect(res.body.fields).to.have.keys('passwordConfirm', 'privacyConsent', 'industry');
      expect(res.body.fields.privacyConsent).to.contain('동의');
      expect(await OneTimeToken.exists({ email: input.email })).to.equal(null);
    });

    it('refuses a business number whose check digit is wrong, and stores nothing', async () => {
      const valid = newBusinessNumber();
      const wrong = `${valid.slice(0, 9)}${(Number(valid[9]) + 1) % 10}`;
      const input = signupInput({ businessNumber: wrong });
      const res = await request(app).post('/api/auth/signup').send(input).expect(400);
      expect(res.body.fields)
        .to.have.property('businessNumber')
        .that.matches(/사업자등록번호/);
      expect(await User.exists({ email: input.email })).to.equal(null);
      expect(await Company.exists({ businessNumber: wrong })).to.equal(null);
    });

    it('answers a registered email exactly like a new one, and mails its owner instead', async () => {
      const first = await freshCompany(app);
      const companies = await Company.countDocuments();
      const mailsBefore = await mailCount(first.email);
      const taken = await request(app)
        .post('/api/auth/signup')
        .send(signupInput({ email: first.email }))
        .expect(202);
      const fresh = await request(app).post('/api/auth/signup').send(signupInput()).expect(202);
      expect(taken.body).to.deep.equal(fresh.body);
      expect(await mailCount(first.email)).to.equal(mailsBefore + 1);
      expect(await newestMail(first.email)).to.match(/이미 계정이 있습니다/);
      expect(await Company.countDocuments()).to.equal(companies);
    });

    it('refuses a business number already registered (a public record), and stores nothing', async () => {
      const first = await freshCompany(app);
      const company = await Company.findById(first.companyId).lean();
      const companies = await Company.countDocuments();
      const sameNumber = await request(app)
        .post('/api/auth/signup')
        .send(signupInput({ businessNumber: company?.businessNumber }))
        .expect(400);
      expect(sameNumber.body.fields).to.have.property('businessNumber');
      expect(await Company.countDocuments()).to.equal(companies);
    });

    it('names every missing field', async () => {
      const res = await request(app).post('/api/auth/signup').send({}).expect(400);
      expect(res.body.fields).to.include.keys('companyName', 'businessNumber', 'size', 'name', 'email', 'password');
    });
  });

  describe('password change', () => {
    it('needs the current password, then the new one works and the old one does not', async () => {
      const company = await freshCompany(app);
      const wrong = await company.agent
        .post('/api/auth/password')
        .send({ currentPassword: 'not-my-password', newPassword: NEW_PASSWORD })
        .expect(400);
      expect(wrong.body.fields).to.have.property('currentPassword');
      const short = await company.agent
        .post('/api/auth/password')
        .send({ currentPassword: company.password, newPassword: 'short' })
        .expect(400);
      expect(short.body.fields).to.have.property('newPassword');
      await company.agent
        .post('/api/auth/password')
        .send({ currentPassword: company.password, newPassword: NEW_PASSWORD })
        .expect(200);
      await login(app, company.email, company.password).expect(401);
      await login(app, company.email, NEW_PASSWORD).expect(200);
    });

    it('ends every other session of the account, and keeps the one that changed it', async () => {
      const company = await freshCompany(app);
      const elsewhere = request.agent(app);
      await elsewhere.post('/api/auth/login').send({ email: company.email, password: company.password }).expect(200);
      await elsewhere.get('/api/me').expect(200);

      await company.agent
        .post('/api/auth/password')
        .send({ currentPassword: company.password, newPassword: NEW_PASSWORD })
        .expect(200);
      await elsewhere.get('/api/me').expect(401);
      await company.agent.get('/api/me').expect(200);
    });

    it('is only for signed-in users', async () => {
      await request(app)
        .post('/api/auth/password')
        .send({ currentPassword: 'x', newPassword: NEW_PASSWORD })
        .expect(401);
    });
  });

  describe('password reset by mailed link', () => {
    it('answers registered and unknown emails alike, and mails only the registered one', async () => {
      const company = await freshCompany(app);
      const unknown = uniqueEmail('nobody');
      const before = await mailCount(company.email);
      const registered = await request(app).post('/api/auth/reset-request').send({ email: company.email }).expect(202);
      const notRegistered = await request(app).post('/api/auth/reset-request').send({ email: unknown }).expect(202);
      expect(notRegistered.body).to.deep.equal(registered.body);
      expect(await mailCount(company.email)).to.equal(before + 1);
      expect(await mailCount(unknown)).to.equal(0);
    });

    it('sets a new password with the link, which works only once', async () => {
      const company = await freshCompany(app);
      await request(app).post('/api/auth/reset-request').send({ email: company.email }).expect(202);
      const token = await mailedToken(company.email, 'password/reset');
      await request(app).get(`/password/reset/${token}`).expect(200);
      await request(app).post('/api/auth/reset').send({ token, password: NEW_PASSWORD }).expect(200);
      const again = await request(app)
        .post('/api/auth/reset')
        .send({ token, password: 'another-pass-123' })
        .expect(400);
      expect(again.body.fields).to.have.property('token');
      await login(app, company.email, FRESH_PASSWORD).expect(401);
      await login(app, company.email, NEW_PASSWORD).expect(200);
    });

    it('ends every session, and kills older links once a newer one is used', async () => {
      const company = await freshCompany(app);
      await request(app).post('/api/auth/reset-request').send({ email: company.email }).expect(202);
      const older = await mailedToken(company.email, 'password/reset');
      await request(app).post('/api/auth/reset-request').send({ email: company.email }).expect(202);
      const newer = await mailedToken(company.email, 'password/reset');
      expect(newer).to.not.equal(older);

      await request(app).post('/api/auth/reset').send({ token: newer, password: NEW_PASSWORD }).expect(200);
      await company.agent.get('/api/me').expect(401);
      const stale = await request(app).post('/api/auth/reset').send({ token: older, password: 'older-link-pass-1' });
      expect(stale.status).to.equal(400);
      expect(stale.body.fields).to.have.property('token');
      await login(app, company.email, NEW_PASSWORD).expect(200);
    });

    it('refuses a made-up token', async () => {
      const res = await request(app)
        .post('/api/auth/reset')
        .send({ token: 'x'.repeat(43), password: NEW_PASSWORD })
        .expect(400);
      expect(res.body.error).to.be.a('string');
    });
  });

  describe('invitations', () => {
    it('an institute manager invites an engineer of its institute, who joins by the mailed link', async () => {
      const manager = await signedIn(app, 'mgr.keti@demo.test');
      const email = uniqueEmail('engineer');
      await manager.post('/api/invitations').send({ email, role: 'engineer' }).expect(202);
      const token = await mailedToken(email, 'invitations');
      const invited = request.agent(app);
      const res = await invited
        .post('/api/invitations/accept')
        .send({ token, name: '신입 엔지니어', password: NEW_PASSWORD })
        .expect(201);
      expect(res.body.user).to.include({ email, role: 'engineer', instituteCode: 'KETI' });
      await invited.get('/api/me').expect(200);
      await request(app)
        .post('/api/invitations/accept')
        .send({ token, name: '두 번째', password: NEW_PASSWORD })
        .expect(400);
      await login(app, email, NEW_PASSWORD).expect(200);
    });

    it('an engineer may not invite anyone', async () => {
      const engineer = await signedIn(app, 'eng.keti@demo.test');
      const email = uniqueEmail('refused');
      const res = await engineer.post('/api/invitations').send({ email, role: 'engineer' }).expect(403);
      expect(res.body.error).to.match(/관리자/);
      expect(await mailCount(email)).to.equal(0);
    });

    it('a manager may not invite a manager, nor an engineer of another institute', async () => {
      const manager = await signedIn(app, 'mgr.keti@demo.test');
      await manager
        .post('/api/invitations')
        .send({ email: uniqueEmail('mgr'), role: 'institute_manager', instituteCode: 'KETI' })
        .expect(403);
      await manager
        .post('/api/invitations')
        .send({ email: uniqueEmail('eng'), role: 'engineer', instituteCode: 'KRICT' })
        .expect(403);
    });

    it('a coordinator invites an institute manager for a given institute', async () => {
      const coordinator = await signedIn(app, 'coordinator@demo.test');
      const email = uniqueEmail('manager');
      await coordinator
        .post('/api/invitations')
        .send({ email, role: 'institute_manager', instituteCode: 'krict' })
        .expect(202);
      const token = await mailedToken(email, 'invitations');
      const res = await request(app)
        .post('/api/invitations/accept')
        .send({ token, name: '새 기관 관리자', password: NEW_PASSWORD })
        .expect(201);
      expect(res.body.user).to.include({ email, role: 'institute_manager', instituteCode: 'KRICT' });
    });

    it('refuses an email that already has an account, an unknown institute, and anonymous callers', async () => {
      const coordinator = await signedIn(app, 'coordinator@demo.test');
      await coordinator
        .post('/api/invitations')
        .send({ email: 'company1@demo.test', role: 'engineer', instituteCode: 'KETI' })
        .expect(409);
      const unknown = await coordinator
        .post('/api/invitations')
        .send({ email: uniqueEmail('x'), role: 'engineer', instituteCode: 'NOPE' })
        .expect(400);
      expect(unknown.body.fields).to.have.property('instituteCode');
      await request(app)
        .post('/api/invitations')
        .send({ email: uniqueEmail('y'), role: 'engineer' })
        .expect(401);
    });
  });

  describe('CSRF', () => {
    it('refuses a login form without the token, and accepts it with the token from the page', async () => {
      const company = await freshCompany(app);
      const agent = request.agent(app);
      const page = await agent.get('/login').expect(200);
      await agent.post('/login').type('form').send({ email: company.email, password: company.password }).expect(403);
      await agent
        .post('/login')
        .type('form')
        .send({ _csrf: 'forged-token', email: company.email, password: company.password })
        .expect(403);
      const ok = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), email: company.email, password: company.password })
        .expect(302);
      expect(ok.headers.location).to.equal('/cases');
      await agent.get('/api/me').expect(200);
    });

    it('refuses a password change form without the token, and leaves the password alone', async () => {
      const company = await freshCompany(app);
      await company.agent
        .post('/account/password')
        .type('form')
        .send({ currentPassword: company.password, newPassword: NEW_PASSWORD })
        .expect(403);
      await login(app, company.email, company.password).expect(200);
      const page = await company.agent.get('/account').expect(200);
      await company.agent
        .post('/account/password')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), currentPassword: company.password, newPassword: NEW_PASSWORD })
        .expect(200);
      await login(app, company.email, NEW_PASSWORD).expect(200);
    });

    it('the JSON API takes only application/json bodies (415 otherwise)', async () => {
      const credentials = JSON.stringify({ email: 'coordinator@demo.test', password: DEMO_PASSWORD });
      const text = await request(app)
        .post('/api/auth/login')
        .set('Content-Type', 'text/plain')
        .send(credentials)
        .expect(415);
      expect(text.body.error).to.match(/JSON/);
      await request(app)
        .post('/api/auth/login')
        .type('form')
        .send({ email: 'coordinator@demo.test', password: DEMO_PASSWORD })
        .expect(415);
      const agent = await signedIn(app, 'company1@demo.test');
      await agent.post('/api/cases').set('Content-Type', 'text/plain').send('{}').expect(415);
    });

    it('checks multipart requests too, except the upload routes (which check the token themselves)', async () => {
      const agent = await signedIn(app, 'company1@demo.test');
      await agent.post('/api/notifications/read').field('x', '1').expect(415);
      await agent.post('/logout').field('x', '1').expect(403);
      await agent.get('/api/me').expect(200);
    });
  });

  describe('attempt limits', () => {
    it('locks an account for the window after 10 failed logins, with a Korean message', async () => {
      const limitedApp = await testApp();
      const company = await freshCompany(app);
      for (let i = 0; i < 10; i++) await login(limitedApp, company.email, `wrong-password-${i}`).expect(401);
      const locked = await login(limitedApp, company.email, 'wrong-password-x').expect(429);
      expect(locked.body.error).to.equal('시도 횟수가 너무 많습니다. 15분 뒤에 다시 시도해 주세요.');
      // Even the right password waits for the window, whatever the case of the address.
      await login(limitedApp, company.email.toUpperCase(), company.password).expect(429);
      // The limit is per account: other accounts from the same address still get in.
      await login(limitedApp, 'coordinator@demo.test', DEMO_PASSWORD).expect(200);
    });

    it('never refuses successful logins from one office address (35 in a row)', async () => {
      const limitedApp = await testApp();
      for (let i = 0; i < 35; i++) await login(limitedApp, 'company1@demo.test', DEMO_PASSWORD).expect(200);
    });

    it('lets the right password through from a browser that signed in before, while strangers are locked out', async () => {
      const limitedApp = await testApp();
      const company = await freshCompany(app);
      const ownBrowser = request.agent(limitedApp);
      await ownBrowser.post('/api/auth/login').send({ email: company.email, password: company.password }).expect(200);
      for (let i = 0; i < 10; i++) await login(limitedApp, company.email, `attacker-guess-${i}`).expect(401);
      await login(limitedApp, company.email, company.password).expect(429);
      await ownBrowser.post('/api/auth/login').send({ email: company.email, password: company.password }).expect(200);
    });

    it('limits sign-ups from one address', async () => {
      const limitedApp = await testApp();
      for (let i = 0; i < 10; i++) {
        const res = await request(limitedApp)
          .post('/api/auth/signup')
          .send({ email: `not-an-email-${i}` });
        expect(res.status).to.equal(400);
      }
      await request(limitedApp).post('/api/auth/signup').send(signupInput()).expect(429);
    });

    it('counts only failures, and counts the form and the API together', async () => {
      const limitedApp = await testApp();
      const company = await freshCompany(app);
      for (let i = 0; i < 12; i++) await login(limitedApp, company.email, company.password).expect(200);
      const form = request.agent(limitedApp);
      const token = csrfFrom((await form.get('/login').expect(200)).text);
      for (let i = 0; i < 5; i++) await login(limitedApp, company.email, `wrong-${i}`).expect(401);
      for (let i = 0; i < 5; i++) {
        await form
          .post('/login')
          .type('form')
          .send({ _csrf: token, email: company.email, password: `bad-${i}` })
          .expect(401);
      }
      await login(limitedApp, company.email, company.password).expect(429);
    });
  });

  describe('business numbers (pure)', () => {
    it('accepts valid numbers with or without hyphens and spaces', () => {
      for (const n of ['220-81-62517', '2208162517', ' 220 81 62517 ', '1208147521', '2148800572']) {
        expect(isValidBusinessNumber(n), n).to.equal(true);
      }
    });

    it('refuses every other check digit, and anything that is not ten digits', () => {
      for (let d = 0; d <= 9; d++) {
        if (d !== 7) expect(isValidBusinessNumber(`220816251${d}`), String(d)).to.equal(false);
      }
      for (const n of ['', '220816251', '22081625170', '22O-81-62517', 'abcdefghij', '220/81/62517']) {
        expect(isValidBusinessNumber(n), n).to.equal(false);
      }
    });

    it('agrees with an independent check-digit computation', () => {
      for (let i = 0; i < 200; i++) {
        const nine = newBusinessNumber().slice(0, 9);
        const valid = [...Array(10).keys()].filter((d) => isValidBusinessNumber(`${nine}${d}`));
        expect(valid, nine).to.deep.equal([checkDigit(nine)]);
      }
    });

    it('normalizes and formats', () => {
      expect(normalizeBusinessNumber(' 220-81 62517 ')).to.equal('2208162517');
      expect(formatBusinessNumber('2208162517')).to.equal('220-81-62517');
    });
  });
});
