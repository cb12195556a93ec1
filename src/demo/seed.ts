// Demo data for newcomers and tests: two companies, the desk, an engineer and a
// manager for every institute (all with the password below), and cases in every
// state, made through the real services so routing and audit trails are genuine.
// Idempotent: accounts are upserted by email; cases are created only once.
import { User, type UserDoc } from '../accounts/model';
import { hashPassword } from '../accounts/passwords';
import { toActor } from '../accounts/service';
import type { Actor } from '../accounts/roles';
import { Company } from '../companies/model';
import type { AppContext } from '../core/context';
import { seedCatalogue } from '../institutes/catalogue';
import { seedDemoRegistry } from '../equipment/seed';
import { Case, type CaseDoc } from '../cases/model';
import { createDraft } from '../cases/service';
import { transition } from '../cases/transitions';
import { answerParticipation } from '../cases/participation';
import { recordSupport } from '../cases/supports';
import { koreaDay } from '../core/http/fields';
import { setTeam } from '../cases/coordination';
import type { CaseDraftInput } from '../cases/schemas';
import { DEMO_CASES, type DemoCase } from './cases';
import { seedDemoEquipmentUse } from './equipment';

export const DEMO_PASSWORD = 'demo-pass-2026';

const DEMO_COMPANIES = [
  {
    email: 'company1@demo.test',
    name: '김하늘',
    company: {
      name: '(주)한빛소재',
      businessNumber: '1208147521',
      size: '중소기업',
      industry: '이차전지',
      region: '충북',
      designations: ['소부장 강소기업 100'],
    },
  },
  {
    email: 'company2@demo.test',
    name: '박도윤',
    company: {
      name: '대성정밀(주)',
      businessNumber: '2148800572',
      size: '중견기업',
      industry: '자동차',
      region: '경남',
      designations: [],
    },
  },
];

async function upsertUser(email: string, fields: Record<string, unknown>, passwordHash: string): Promise<void> {
  await User.updateOne({ email }, { $setOnInsert: { email, passwordHash, ...fields } }, { upsert: true });
}

async function seedAccounts(): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const demo of DEMO_COMPANIES) {
    await Company.updateOne(
      { businessNumber: demo.company.businessNumber },
      { $setOnInsert: demo.company },
      { upsert: true },
    );
    const company = await Company.findOne({ businessNumber: demo.company.businessNumber }).lean();
    await upsertUser(demo.email, { name: demo.name, role: 'company', companyId: company?._id }, passwordHash);
  }
  await upsertUser('coordinator@demo.test', { name: '이서연', role: 'coordinator' }, passwordHash);
  await upsertUser('admin@demo.test', { name: '관리자', role: 'admin' }, passwordHash);
  for (const inst of seedCatalogue().institutes) {
    const code = inst.code.toLowerCase();
    await upsertUser(
      `eng.${code}@demo.test`,
      { name: `${inst.code} 엔지니어`, role: 'engineer', instituteCode: inst.code },
      passwordHash,
    );
    await upsertUser(
      `mgr.${code}@demo.test`,
      { name: `${inst.code} 관리자`, role: 'institute_manager', instituteCode: inst.code },
      passwordHash,
    );
  }
}

export async function demoActor(email: string): Promise<Actor> {
  const user = await User.findOne({ email }).lean<UserDoc>();
  if (!user) throw new Error(`demo account ${email} is missing`);
  return toActor(user);
}

const engineerOf = (code: string | null | undefined) => demoActor(`eng.${(code ?? '').toLowerCase()}@demo.test`);

async function playCase(ctx: AppContext, demo: DemoCase): Promise<void> {
  const company = await demoActor(demo.company);
  const coordinator = await demoActor('coordinator@demo.test');
  const draft = await createDraft(ctx, company, demo.input as CaseDraftInput);
  const id = String(draft._id);
  if (demo.until === 'draft') return;
  let c: CaseDoc = await transition(ctx, company, id, { action: 'submit' });
  if (demo.until === 'submitted') {
    while (c.status === 'routed') {
      c = await transition(ctx, await engineerOf(c.offeredTo), id, {
        action: 'decline',
        reason: '당 기관 보유 장비로는 시험이 어렵습니다.',
      });
    }
    return;
  }
  if (demo.joinWith && c.lead) {
    c = await setTeam(ctx, coordinator, id, {
      lead: c.lead,
      participants: [...c.participants, demo.joinWith].filter((p) => p !== c.lead),
    });
  }
  const steps = ['routed', 'accepted', 'in_progress', 'resolved', 'closed'];
  const reach = steps.indexOf(demo.until);
  // Past the offer, each participant has confirmed its part; a routed case's team is still forming.
  for (const code of reach >= 1 ? c.pendingParticipants : [])
    c = await answerParticipation(ctx, await engineerOf(code), id, { answer: 'accept' });
  const lead = await engineerOf(c.lead);
  if (reach >= 1) c = await transition(ctx, lead, id, { action: 'accept' });
  if (reach >= 2) c = await transition(ctx, lead, id, { action: 'start' });
  // The lead records the supports it delivered, one of each type the company asked for.
  const today = koreaDay(ctx.now());
  for (const type of reach >= 2 ? c.supportTypes : [])
    c = await recordSupport(ctx, lead, id, { type, institute: c.lead, deliveredAt: today });
  if (reach >= 3) {
    c = await transition(ctx, lead, id, {
      action: 'resolve',
      summary: '원인 분석과 공정 조건 개선안을 제시하고 시험으로 확인했습니다.',
      result: '불량률이 목표 이하로 낮아졌습니다.',
      costSavingKrw: 120_000_000,
      salesEffectKrw: 450_000_000,
      technologyTransfer: demo.until === 'closed',
      technologyFeeKrw: demo.until === 'closed' ? 30_000_000 : 0,
    });
  }
  if (reach >= 4)
    await transition(ctx, company, id, {
      action: 'close',
      satisfaction: 6,
      comment: '빠르게 해결해 주셔서 감사합니다.',
    });
}

export async function seedDemo(ctx: AppContext): Promise<void> {
  await seedAccounts();
  const registry = await seedDemoRegistry();
  if (registry) ctx.log.info(registry, 'demo equipment registry written');
  const company1 = await User.findOne({ email: 'company1@demo.test' }).lean();
  if (await Case.exists({ companyId: company1?.companyId })) return;
  for (const demo of DEMO_CASES) await playCase(ctx, demo);
  await seedDemoEquipmentUse(ctx, demoActor);
  ctx.log.info({ cases: DEMO_CASES.length }, 'demo accounts and cases created');
}
