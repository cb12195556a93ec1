import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import request from 'supertest';
import { registryCount, registryChanged } from '../../src/equipment/catalog';
import { sampleCsv } from '../../src/equipment/import-pages';
import { importRegistryFile } from '../../src/equipment/imports';
import { Equipment } from '../../src/equipment/model';
import { EquipmentSnapshot, markDirty, readSnapshot } from '../../src/equipment/snapshot';
import { testApp } from '../support/app';
import { signedIn } from '../support/demo';

const HEADER =
  '기관코드,장비등록번호,장비명,영문장비명,모델명,제작사,장비분류,주요용도,주요사양,설치장소,이용료,이용료단위,상태';
const row = (id: string, name: string, fee = '30000') =>
  `KTL,T-${id},${name},Vibration Shaker,V8-440,LDS,시험장비 > 진동시험기,진동 내구 시험,최대 가진력: 35 kN,시험동 1층,${fee},시간,사용가능`;
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\n'));

describe('equipment registry imports', function () {
  this.timeout(120_000);
  let app: Express;

  before(async () => {
    app = await testApp();
  });

  it('imports rows, finds them at once, and is idempotent by (institute, registry id)', async () => {
    const file = csv(row('001', '가진기 시험기 A호'), row('002', '가진기 시험기 B호'));
    const first = await importRegistryFile(null, file, 'shakers.csv');
    expect(first).to.deep.include({ imported: true, read: 2 });
    expect(first.imported && first.result).to.include({ inserted: 2, updated: 0 });
    const found = await request(app)
      .get(`/api/equipment?q=${encodeURIComponent('가진기 시험기')}`)
      .expect(200);
    expect(found.body.items.map((i: { registryId: string }) => i.registryId)).to.include.members(['T-001', 'T-002']);
    const again = await importRegistryFile(null, file, 'shakers.csv');
    expect(again.imported && again.result).to.include({ inserted: 0, updated: 0, unchanged: 2 });
    const idBefore = (await Equipment.findOne({ registryId: 'T-001' }, { _id: 1 }).lean())?._id;
    const changed = await importRegistryFile(null, csv(row('001', '가진기 시험기 A호', '45000')), 'one.csv');
    expect(changed.imported && changed.result).to.include({ inserted: 0, updated: 1 });
    const after = await Equipment.findOne({ registryId: 'T-001' }).lean();
    expect(after?._id).to.deep.equal(idBefore);
    expect(after?.fee?.amount).to.equal(45000);
  });

  it('rejects a file with any wrong row, naming row, column and problem, and writes nothing', async () => {
    const count = await Equipment.countDocuments();
    const file = csv(
      row('101', '정상 장비'),
      'NOPE,T-102,장비,,,,,,,,,,',
      'KTL,T-103,,,,,,,,,,,',
      'KTL,T-104,요금 잘못,,,,,,,,비쌈,시간,',
      'KTL,T-105,상태 잘못,,,,,,,,,,고장',
      row('101', '같은 번호'),
    );
    const report = await importRegistryFile(null, file, 'bad.csv');
    expect(report.imported).to.equal(false);
    if (report.imported) return;
    const at = (n: number) => report.rejected.filter((r) => r.row === n).map((r) => r.column);
    expect(at(3)).to.include('기관코드');
    expect(at(4)).to.include('장비명');
    expect(at(5)).to.include('이용료');
    expect(at(6)).to.include('상태');
    expect(at(7)).to.include('장비등록번호');
    expect(await Equipment.countDocuments()).to.equal(count);
    const missing = await importRegistryFile(null, Buffer.from('장비명,모델명\nA,B\n'), 'cols.csv');
    expect(missing.imported === false && missing.rejected[0]?.column).to.contain('기관코드');
    const junk = await importRegistryFile(null, Buffer.from('not a spreadsheet'), 'x.xlsx');
    expect(junk.imported).to.equal(false);
  });

  it('reads .xlsx files, and the sample file imports as documented', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('장비');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(row('201', '엑셀 가진기').split(','));
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const report = await importRegistryFile(null, xlsx, 'registry.xlsx');
    expect(report.imported && report.result.inserted).to.equal(1);
    const sample = await importRegistryFile(null, Buffer.from(sampleCsv()), 'equipment-sample.csv');
    expect(sample.imported).to.equal(true);
    // docs/equipment-sample.csv is the same file as the import page offers.
    expect(await readFile(new URL('../../docs/equipment-sample.csv', import.meta.url), 'utf8')).to.equal(sampleCsv());
  });

  it('repairs a snapshot a crashed writer left dirty, from the items', async () => {
    await markDirty();
    const snapshot = await readSnapshot();
    expect(snapshot.items.length).to.equal(await Equipment.countDocuments());
    const head = await EquipmentSnapshot.findById('head').lean();
    expect(head?.dirty).to.equal(false);
    registryChanged();
    expect(await registryCount()).to.equal(snapshot.items.length);
  });

  it('lets only the desk import, from the upload page or the API', async () => {
    const company = await signedIn(app, 'company1@demo.test');
    await company.get('/equipment/import').expect(403);
    const desk = await signedIn(app, 'coordinator@demo.test');
    const page = await desk.get('/equipment/import').expect(200);
    expect(page.text).to.contain('장비등록번호');
    const token = /_csrf=([^"&]+)"/.exec(page.text)?.[1] ?? '';
    const uploaded = await desk
      .post(`/equipment/import?_csrf=${token}`)
      .attach('file', csv(row('301', '페이지 가진기')), 'page.csv')
      .expect(200);
    expect(uploaded.text).to.contain('새 장비 1대');
    const refused = await desk
      .post(`/equipment/import?_csrf=${token}`)
      .attach('file', csv('KTL,T-302,,,,,,,,,,,'), 'bad.csv')
      .expect(422);
    expect(refused.text).to.contain('아무것도 가져오지 않았습니다');
    await desk
      .post('/equipment/import')
      .attach('file', csv(row('303', 'x')), 'x.csv')
      .expect(403);
    const sample = await desk.get('/equipment/import/sample.csv').expect(200);
    expect(sample.text).to.contain('장비등록번호');
  });
});
