import { expect } from 'chai';
import type { Express } from 'express';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { User } from '../../src/accounts/model';
import { VIEWS_DIR } from '../../src/core/http/views';
import { missingKeys, translate } from '../../src/i18n/i18n';
import { testApp } from '../support/app';
import { signedIn } from '../support/demo';

const HANGUL = /[\uac00-\ud7a3]/;

function viewFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? viewFiles(path.join(dir, entry.name))
      : entry.name.endsWith('.hbs')
        ? [path.join(dir, entry.name)]
        : [],
  );
}

describe('Korean and English', () => {
  let app: Express;
  before(async () => {
    app = await testApp();
  });

  it('has every key in both languages', () => {
    expect(missingKeys('ko', 'en')).to.deep.equal([]);
    expect(missingKeys('en', 'ko')).to.deep.equal([]);
  });

  it('keeps every interface string in the locale files, none in the views', () => {
    const offenders = viewFiles(VIEWS_DIR).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, where: `${path.relative(VIEWS_DIR, file)}:${i + 1}` }))
        .filter(({ line }) => HANGUL.test(line))
        .map(({ where }) => where),
    );
    expect(offenders).to.deep.equal([]);
  });

  it('interpolates and falls back to Korean for an unknown key', () => {
    expect(translate('en', 'institutes.count', { count: 37 })).to.equal('37 institutes');
    expect(translate('ko', 'institutes.count', { count: 37 })).to.equal('37개 기관');
  });

  it('serves Korean by default with <html lang="ko">', async () => {
    const res = await request(app).get('/institutes').expect(200);
    expect(res.text).to.include('<html lang="ko">').and.include('참여 연구기관');
  });

  it('switches to English by a visible link, remembered in a cookie', async () => {
    const agent = request.agent(app);
    const home = await agent.get('/').expect(200);
    expect(home.text).to.include('href="/lang/en?next=%2F"');
    await agent.get('/lang/en?next=/institutes').expect(302).expect('location', '/institutes');
    const res = await agent.get('/institutes').expect(200);
    expect(res.text).to.include('<html lang="en">').and.include('Member institutes').and.include('Basic materials');
    await agent.get('/lang/xx').expect(404);
  });

  it('changes no stored state on a GET; a signed-in user switches by a form that keeps the choice', async () => {
    const storedLocale = async () => (await User.findOne({ email: 'coordinator@demo.test' }).lean())?.locale;
    const agent = await signedIn(app, 'coordinator@demo.test');
    const before = await storedLocale();
    await agent.get('/lang/en?next=/').expect(302);
    expect(await storedLocale(), 'a GET only sets the cookie').to.equal(before);

    const page = await agent.get('/account').expect(200);
    expect(page.text).to.include('action="/lang/ko"');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    await agent.post('/lang/en').type('form').send({ next: '/' }).expect(403);
    await agent
      .post('/lang/en')
      .type('form')
      .send({ _csrf: token, next: '/account' })
      .expect(302)
      .expect('location', '/account');
    expect(await storedLocale()).to.equal('en');
    const fresh = await signedIn(app, 'coordinator@demo.test');
    expect((await fresh.get('/account').expect(200)).text).to.include('<html lang="en">');
    await agent.post('/lang/ko').type('form').send({ _csrf: token, next: '/' }).expect(302);
  });
});
