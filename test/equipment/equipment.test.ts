import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { Equipment } from '../../src/equipment/model';
import { testApp } from '../support/app';
import { demoData, signedIn } from '../support/demo';

type Item = { id: string; name: string; nameEn: string; institute: { code: string }; status: string; fee: unknown };

const search = (app: Express, query: string) => request(app).get(`/api/equipment?${query}`).expect(200);
const q = (text: string) => `q=${encodeURIComponent(text)}`;

describe('equipment registry search', function () {
  this.timeout(120_000);
  let app: Express;

  before(async () => {
    app = await testApp();
    await demoData();
  });

  it('holds the demo registry at the consortium’s scale, across all 37 institutes', async () => {
    const all = await search(app, 'limit=1');
    expect(all.body.total).to.be.at.least(20_000);
    expect(all.body.total).to.equal(await Equipment.countDocuments());
    expect(all.body.facets.institute).to.have.length(37);
  });

  for (const [query, expected] of [
    ['주사전자현미경', /주사전자현미경/],
    ['SEM', /주사전자현미경|\(SEM\)|FE-SEM/],
    ['열충격', /열충격/],
    ['X-ray CT', /CT/],
    ['헬륨 누설', /헬륨 누설/],
    ['ICP-MS', /ICP-MS/],
    ['scaning electron microscope', /주사전자현미경/],
    ['주사 전자 현미경', /주사전자현미경/],
  ] as const)
    it(`puts a matching instrument first for "${query}"`, async () => {
      const res = await search(app, q(query));
      const [first] = res.body.items as Item[];
      expect(first?.name, query).to.match(expected);
    });

  it('matches an acronym as a whole word: ICP-MS never brings GC-MS, SEM never semi-anechoic chambers', async () => {
    const icp = await search(app, `${q('ICP-MS')}&limit=100`);
    expect((icp.body.items as Item[]).some((i) => /GC-MS/.test(i.name))).to.equal(false);
    const sem = await search(app, `${q('SEM')}&limit=100`);
    expect((sem.body.items as Item[]).some((i) => /반무향실|anechoic/i.test(`${i.name} ${i.nameEn}`))).to.equal(false);
  });

  it('counts facets and narrows by them: institute, available now, fee band', async () => {
    const all = await search(app, q('열충격'));
    const [kbsi] = all.body.facets.institute as { value: string; count: number }[];
    const narrowed = await search(app, `${q('열충격')}&institute=${kbsi?.value}&limit=100`);
    expect(narrowed.body.total).to.equal(kbsi?.count);
    expect((narrowed.body.items as Item[]).every((i) => i.institute.code === kbsi?.value)).to.equal(true);
    const available = await search(app, `${q('열충격')}&available=1&limit=100`);
    expect((available.body.items as Item[]).every((i) => i.status === 'available')).to.equal(true);
    expect(available.body.total).to.be.below(all.body.total);
    const bands = (all.body.facets.fee as { value: string }[]).map((f) => f.value);
    expect(bands.length).to.be.greaterThan(0);
  });

  it('marks the query’s words in each name', async () => {
    const res = await search(app, q('열충격'));
    const marked = (res.body.items[0] as { marked: { name: { text: string; mark: boolean }[] } }).marked.name;
    expect(marked.some((s) => s.mark && s.text === '열충격')).to.equal(true);
  });

  it('refuses an unknown field, fee band or id with field messages, and answers 404 for an unknown item', async () => {
    const bad = await request(app).get('/api/equipment?field=nope&fee=cheap&available=yes').expect(400);
    expect(bad.body.fields).to.have.keys('field', 'fee', 'available');
    await request(app).get('/api/equipment/0123456789abcdef01234567').expect(404);
    await request(app).get('/api/equipment/nope').expect(400);
  });

  it('shows an instrument with specs, fee, manager, free days and the 50% discount for a verified designation', async () => {
    const found = await search(app, `${q('열충격')}&available=1&limit=50`);
    // A demo instrument (the catalogue's representative items have no specs).
    const item = (found.body.items as (Item & { registryId: string })[]).find(
      (i) => !/-R\d+$/.test(i.registryId),
    ) as Item;
    const detail = await request(app).get(`/api/equipment/${item.id}`).expect(200);
    expect(detail.body.equipment).to.include.keys('specs', 'fee', 'manager', 'location', 'status', 'model');
    expect(detail.body.freeDays.length).to.be.greaterThan(0);
    const company1 = await signedIn(app, 'company1@demo.test');
    const page = await company1.get(`/equipment/${item.id}`).expect(200);
    expect(page.text).to.contain('<strong>사용료 50% 감면</strong>');
    expect(page.text).to.contain('주요 사양');
    expect(page.text).to.contain('가까운 예약 가능일');
    const company2 = await signedIn(app, 'company2@demo.test');
    expect((await company2.get(`/equipment/${item.id}`).expect(200)).text).not.to.contain(
      '<strong>사용료 50% 감면</strong>',
    );
  });

  it('shows the search page with facets, marked names, the demo notice and an empty state', async () => {
    const res = await request(app)
      .get(`/equipment?${q('열충격')}`)
      .expect(200);
    expect(res.text).to.contain('<mark>열충격</mark>');
    expect(res.text).to.contain('데모 데이터');
    expect(res.text).to.contain('지금 사용 가능');
    const none = await request(app).get('/equipment?q=zzqqxx').expect(200);
    expect(none.text).to.contain('조건에 맞는 장비가 없습니다.');
    expect(none.text).to.contain('href="/cases/new"');
  });
});
