import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { FIELDS, seedCatalogue, seedCatalogueVersion } from '../../src/institutes/catalogue';
import { Equipment } from '../../src/equipment/model';
import { seedCatalogueEquipment } from '../../src/equipment/seed';
import { Institute } from '../../src/institutes/model';
import { seedInstitutes } from '../../src/institutes/seed';
import { testApp } from '../support/app';

describe('institutes', () => {
  let app: Express;
  before(async () => {
    app = await testApp();
  });

  describe('seed', () => {
    it('loads 37 institutes in five fields (11/5/6/5/10) and their equipment', async () => {
      expect(await Institute.countDocuments()).to.equal(37);
      const counts = await Promise.all(FIELDS.map((homeField) => Institute.countDocuments({ homeField })));
      expect(counts).to.deep.equal([11, 5, 6, 5, 10]);
      const catalogueEquipment = seedCatalogue().institutes.reduce((n, i) => n + i.equipment.length, 0);
      expect(await Equipment.countDocuments({ source: 'catalogue' })).to.equal(catalogueEquipment);
    });

    it('is idempotent and keeps operational settings', async () => {
      await Institute.updateOne({ code: 'KETI' }, { $set: { status: 'paused', nameKo: '바뀐 이름' } });
      await seedInstitutes(seedCatalogue(), seedCatalogueVersion());
      await seedInstitutes(seedCatalogue(), seedCatalogueVersion());
      expect(await Institute.countDocuments()).to.equal(37);
      const keti = await Institute.findOne({ code: 'KETI' }).lean();
      expect(keti?.status).to.equal('paused');
      expect(keti?.nameKo).to.equal('한국전자기술연구원');
      await Institute.updateOne({ code: 'KETI' }, { $set: { status: 'active' } });
    });

    it('removes representative equipment that left the catalogue, and leaves imported equipment alone', async () => {
      const catalogue = seedCatalogue();
      const keti = catalogue.institutes.find((i) => i.code === 'KETI');
      const extra = { name: '폐기된 장비', nameEn: 'retired', capabilities: ['없음'] };
      const withExtra = {
        ...catalogue,
        institutes: catalogue.institutes.map((i) => (i === keti ? { ...i, equipment: [...i.equipment, extra] } : i)),
      };
      await seedCatalogueEquipment(withExtra);
      expect(await Equipment.countDocuments({ name: '폐기된 장비' })).to.equal(1);
      await seedCatalogueEquipment(catalogue);
      expect(await Equipment.countDocuments({ name: '폐기된 장비' })).to.equal(0);
    });
  });

  describe('JSON API', () => {
    it('GET /api/institutes returns all 37 with codes, names, fields, services and equipment counts', async () => {
      const res = await request(app).get('/api/institutes').expect(200).expect('content-type', /json/);
      expect(res.body.count).to.equal(37);
      expect(res.body.institutes).to.have.length(37);
      const krict = res.body.institutes.find((i: { code: string }) => i.code === 'KRICT');
      expect(krict).to.include({
        nameKo: '한국화학연구원',
        homeField: '기초소재',
        equipmentCount: await Equipment.countDocuments({ instituteCode: 'KRICT' }),
      });
      expect(krict.fields).to.include('응용소재');
      expect(krict.services).to.include('시험분석');
    });

    it('GET /api/institutes/:code returns one institute with its equipment, case-insensitively', async () => {
      const res = await request(app).get('/api/institutes/krict').expect(200);
      expect(res.body.code).to.equal('KRICT');
      expect(res.body.equipment).to.have.length(4);
      expect(res.body.expertise).to.include('포토레지스트');
    });

    it('answers 404 JSON for an unknown code and 400 for a malformed one', async () => {
      const missing = await request(app).get('/api/institutes/NOPE').expect(404);
      expect(missing.body.error).to.match(/NOPE/);
      const bad = await request(app).get('/api/institutes/%24bad').expect(400);
      expect(bad.body.fields).to.have.property('code');
    });

    it('answers 404 JSON for an unknown API path', async () => {
      const res = await request(app).get('/api/nothing-here').expect(404);
      expect(res.body).to.have.property('error');
    });
  });

  describe('pages', () => {
    it('/ says what the platform does for companies, engineers and coordinators', async () => {
      const res = await request(app).get('/').expect(200).expect('content-type', /html/);
      expect(res.text).to.include('<html lang="ko">');
      for (const role of ['기업', '연구기관 엔지니어', '코디네이터']) expect(res.text).to.include(role);
    });

    it('/institutes groups the 37 institutes by the five fields', async () => {
      const res = await request(app).get('/institutes').expect(200);
      expect(res.text).to.include('37개 기관');
      for (const [field, n] of [
        ['기초소재', 11],
        ['응용소재', 5],
        ['전자부품', 6],
        ['모듈·부품', 5],
        ['시스템·장비', 10],
      ] as const) {
        expect(res.text).to.include(`${field} <small>${n}개 기관</small>`);
      }
      expect(res.text.match(/class="institute-card"/g)).to.have.length(37);
    });

    it('/institutes/:code shows expertise, services and equipment', async () => {
      const res = await request(app).get('/institutes/KRICT').expect(200);
      expect(res.text).to.include('한국화학연구원').and.include('포토레지스트').and.include('GPC 분자량 분석기');
    });

    it('an unknown institute page is a 404 page that says where to go', async () => {
      const res = await request(app).get('/institutes/NOPE').expect(404).expect('content-type', /html/);
      expect(res.text).to.include('홈으로 돌아가기');
    });

    it('sets security headers and serves local assets', async () => {
      const res = await request(app).get('/').expect(200);
      expect(res.headers['content-security-policy']).to.include("script-src 'self'");
      await request(app).get('/css/app.css').expect(200).expect('content-type', /css/);
    });
  });
});
