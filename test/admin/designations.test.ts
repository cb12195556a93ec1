// Designations: a claim with its certificate gives no discount until the desk verifies
// it; verification carries an expiry date, and both decisions are logged.
import { expect } from 'chai';
import type { Express } from 'express';
import { AdminAudit } from '../../src/admin/audit';
import { Company } from '../../src/companies/model';
import { freshCompany, type FreshCompany } from '../accounts/fixtures';
import { testApp } from '../support/app';
import { signedIn, type Agent } from '../support/demo';

// The smallest valid PNG: the content decides the type, not the name.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082',
  'hex',
);

async function claim(company: FreshCompany, name: string, file = PNG, filename = '지정서.png') {
  const page = await company.agent.get('/account').expect(200);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  return company.agent
    .post(`/account/designations?_csrf=${encodeURIComponent(token)}`)
    .field('name', name)
    .attach('file', file, filename);
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('designations: claimed with a certificate, verified by the desk', function () {
  this.timeout(60_000);
  let app: Express;
  let coordinator: Agent;

  before(async () => {
    app = await testApp();
    coordinator = await signedIn(app, 'coordinator@demo.test');
  });

  const profile = async (company: FreshCompany) => (await company.agent.get('/api/me').expect(200)).body.user.company;

  it('shows a claim as awaiting verification, with no discount, until the desk verifies it until a date', async () => {
    const company = await freshCompany(app);
    const sent = await claim(company, '소부장 강소기업 100');
    expect(sent.status).to.equal(200);
    expect(sent.text).to.contain('확인 요청을 보냈습니다').and.to.contain('확인 대기');
    expect(await profile(company)).to.include({ equipmentDiscount: false });

    const review = (await coordinator.get('/api/designations/review').expect(200)).body.claims;
    const waiting = review.find((c: { company: { id: string } }) => c.company.id === company.companyId);
    expect(waiting).to.include({ name: '소부장 강소기업 100', hasEvidence: true });
    const evidence = await coordinator
      .get(`/companies/${company.companyId}/designations/evidence?name=${encodeURIComponent('소부장 강소기업 100')}`)
      .expect(200);
    expect(evidence.headers['content-type']).to.equal('image/png');

    const decide = (body: Record<string, unknown>) =>
      coordinator
        .post(`/api/designations/${company.companyId}/decision`)
        .send({ name: '소부장 강소기업 100', ...body });
    const past = await decide({ decision: 'verify', expiresAt: '2020-01-01' }).expect(400);
    expect(past.body.fields).to.have.key('expiresAt');
    await decide({ decision: 'verify', expiresAt: inDays(365) }).expect(200);
    const after = await profile(company);
    expect(after).to.include({ equipmentDiscount: true });
    expect(after.designations).to.deep.equal(['소부장 강소기업 100']);
    expect(await AdminAudit.exists({ action: 'designation-verify', 'target.id': company.companyId })).to.not.equal(
      null,
    );
    await decide({ decision: 'verify', expiresAt: inDays(30) }).expect(409);
  });

  it('gives no discount once the verified designation has expired', async () => {
    const company = await freshCompany(app);
    await claim(company, '소부장 스타트업 100');
    await coordinator
      .post(`/api/designations/${company.companyId}/decision`)
      .send({ name: '소부장 스타트업 100', decision: 'verify', expiresAt: inDays(10) })
      .expect(200);
    await Company.updateOne(
      { _id: company.companyId },
      { $set: { 'designationClaims.0.expiresAt': new Date(Date.now() - 1000) } },
    );
    expect(await profile(company)).to.include({ equipmentDiscount: false });
  });

  it('rejects a claim with a reason the company sees, and lets it send a new certificate', async () => {
    const company = await freshCompany(app);
    await claim(company, '으뜸기업');
    const decide = (body: Record<string, unknown>) =>
      coordinator.post(`/api/designations/${company.companyId}/decision`).send({ name: '으뜸기업', ...body });
    const short = await decide({ decision: 'reject', reason: '불가' }).expect(400);
    expect(short.body.fields).to.have.key('reason');
    await decide({ decision: 'reject', reason: '증명서의 유효기간이 지났습니다.' }).expect(200);
    const page = await company.agent.get('/account').expect(200);
    expect(page.text).to.contain('반려').and.to.contain('증명서의 유효기간이 지났습니다.');
    expect((await claim(company, '으뜸기업')).status).to.equal(200);
  });

  it('refuses a file that is not a PDF or an image, a company deciding, and another company reading the certificate', async () => {
    const company = await freshCompany(app);
    const text = await claim(company, '소부장 특화선도기업', Buffer.from('not a certificate'), 'cert.pdf');
    expect(text.status).to.equal(400);
    expect(text.text).to.contain('PDF, PNG, JPEG, GIF, WEBP 파일만 올릴 수 있습니다.');
    await claim(company, '소부장 특화선도기업');
    await company.agent
      .post(`/api/designations/${company.companyId}/decision`)
      .send({ name: '소부장 특화선도기업', decision: 'verify', expiresAt: inDays(30) })
      .expect(403);
    const other = await signedIn(app, 'company2@demo.test');
    await other
      .get(`/companies/${company.companyId}/designations/evidence?name=${encodeURIComponent('소부장 특화선도기업')}`)
      .expect(403);
    await company.agent
      .get(`/companies/${company.companyId}/designations/evidence?name=${encodeURIComponent('소부장 특화선도기업')}`)
      .expect(200);
  });
});
