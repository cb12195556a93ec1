// Volume data: N realistic cases at the consortium's pace (~23,000 a year, so spread
// over N/23,000 years ending now), for benchmarks and for trying the app at scale.
// Cases are built whole in memory — every status as their age makes likely, joint
// teams, declines, chat, outcomes and ratings, across thousands of companies — and
// inserted in batches straight through the driver, with the same derived fields
// (visibleTo, listKeys) and list rows that every change through the app writes. Deterministic for a
// given N and clock.
import mongoose from 'mongoose';
import { User } from '../accounts/model';
import { activityMonths } from '../cases/list-keys';
import { rowOf } from '../cases/row-model';
import { derivedFields } from '../cases/store';
import { touchMonths } from '../dashboard/month-rows';
import type { CaseDoc } from '../cases/model';
import { FIELDS, seedCatalogue } from '../institutes/catalogue';
import { seededRandom, type Random } from '../routing/synthetic-catalogue';
import { DEMO_CASES } from './cases';

export const CASES_PER_YEAR = 23_000;
const COMPANIES_PER_CASE = 5_600 / 23_359;
const BATCH = 500;
const DAY = 86_400_000;

type Rng = Random;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
const between = (rng: Rng, low: number, high: number) => low + rng() * (high - low);

/** How far a case of this age has likely got (solving takes ~2.4 months on average). */
function statusForAge(rng: Rng, ageDays: number): string {
  const r = rng();
  if (ageDays < 1) return r < 0.1 ? 'submitted' : r < 0.8 ? 'routed' : 'accepted';
  if (ageDays < 14) return r < 0.05 ? 'routed' : r < 0.3 ? 'accepted' : r < 0.95 ? 'in_progress' : 'resolved';
  if (ageDays < 100) return r < 0.55 ? 'in_progress' : r < 0.75 ? 'resolved' : 'closed';
  return r < 0.03 ? 'in_progress' : r < 0.12 ? 'resolved' : 'closed';
}

type Party = { id: mongoose.Types.ObjectId; name: string; region: string; industry: string; designated?: boolean };
type Engineer = { id: string; name: string };

export type VolumeContext = {
  now: Date;
  companies: Party[];
  /** The demo companies, which get the share of cases a typical company has. */
  demoCompanies: Party[];
  engineers: Map<string, Engineer>;
  numbers: Map<number, number>;
};

function audit(at: Date, action: string, to: string, actorRole = 'system') {
  return { at, actorId: 'system', actorName: '시스템', actorRole, action, to };
}

type Timeline = Partial<Record<'routedAt' | 'acceptedAt' | 'startedAt' | 'resolvedAt' | 'closedAt', Date>>;

/** The dates of each step the case reached, never later than now. */
function timeline(rng: Rng, submittedAt: Date, status: string, now: Date): Timeline {
  const reached = ['routed', 'accepted', 'in_progress', 'resolved', 'closed'].indexOf(status);
  const t: Timeline = {};
  const cap = (ms: number) => new Date(Math.min(ms, now.getTime() - 60_000));
  if (reached >= 0) t.routedAt = cap(submittedAt.getTime() + 60_000);
  if (reached >= 1) t.acceptedAt = cap(submittedAt.getTime() + between(rng, 2, 30) * 3600_000);
  if (reached >= 2) t.startedAt = cap((t.acceptedAt as Date).getTime() + between(rng, 0.5, 3) * DAY);
  if (reached >= 3) t.resolvedAt = cap(submittedAt.getTime() + between(rng, 20, 130) * DAY);
  if (reached >= 4) t.closedAt = cap((t.resolvedAt as Date).getTime() + between(rng, 1, 7) * DAY);
  return t;
}

/** The common support types after acceptance, weighted as the consortium reports them (equipment use most). */
const SUPPORT_MIX = [
  '장비활용',
  '장비활용',
  '시험분석',
  '기술자문',
  '기술자문',
  '시험성적서·인증',
  '인력파견',
  '기술정보',
];

/**
 * The supports delivered on an accepted case: 1–6, by team members, between acceptance
 * and resolution. Drawn from a generator of their own (seeded by the case number) so
 * the rest of the volume stays as it was.
 */
function supportsFor(number: string, team: string[], types: string[], t: Timeline, now: Date) {
  if (!t.acceptedAt) return [];
  const rng = seededRandom([...number].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7));
  const from = t.acceptedAt.getTime();
  const to = (t.resolvedAt ?? now).getTime();
  return Array.from({ length: 1 + Math.floor(rng() * 6) }, (_, k) => ({
    key: `v-${number}-${k}`,
    type: rng() < 0.5 ? pick(rng, types) : pick(rng, SUPPORT_MIX),
    institute: pick(rng, team),
    deliveredAt: new Date(from + rng() * Math.max(0, to - from)),
    recordedBy: { id: 'v', name: '실적 입력' },
  }));
}

/** A transfer's fee, from its other figures (about ₩44 M a transfer, as in the consortium's first year). */
const withTechnologyFee = <T extends { technologyTransfer: boolean; salesEffectKrw: number }>(outcome: T) => ({
  ...outcome,
  technologyFeeKrw: outcome.technologyTransfer ? 20_000_000 + Math.round(outcome.salesEffectKrw / 20 / 1e6) * 1e6 : 0,
});

function nextNumber(ctx: VolumeContext, at: Date): string {
  const year = at.getUTCFullYear();
  const seq = (ctx.numbers.get(year) ?? 0) + 1;
  ctx.numbers.set(year, seq);
  return `${year}-${String(seq).padStart(5, '0')}`;
}

function volumeCase(ctx: VolumeContext, rng: Rng, submittedAt: Date, company: Party): CaseDoc {
  const institutes = seedCatalogue().institutes;
  const template = pick(rng, DEMO_CASES).input;
  const ageDays = (ctx.now.getTime() - submittedAt.getTime()) / DAY;
  const status = statusForAge(rng, ageDays);
  const ranked = Array.from({ length: 4 }, () => pick(rng, institutes));
  const lead = ranked[0]?.code as string;
  const joint = rng() < 0.15;
  const participants = joint ? [...new Set([ranked[1]?.code, rng() < 0.3 ? ranked[2]?.code : undefined])] : [];
  const team = participants.filter((p): p is string => !!p && p !== lead);
  const t = timeline(rng, submittedAt, status, ctx.now);
  const declined =
    rng() < 0.1
      ? [{ institute: ranked[3]?.code, reason: '현재 장비 일정이 맞지 않습니다.', by: 'v', at: submittedAt }]
      : [];
  const accepted = !!t.acceptedAt;
  const engineer = ctx.engineers.get(lead);
  const assignedEngineer = accepted
    ? rng() < 0.12 && engineer
      ? engineer
      : { id: `v-eng-${lead}-${Math.floor(rng() * 20)}`, name: `${lead} 연구원` }
    : undefined;
  const events = [
    audit(submittedAt, 'submit', 'submitted', 'company'),
    ...(t.routedAt ? [audit(t.routedAt, 'route', 'routed')] : []),
    ...(t.acceptedAt ? [audit(t.acceptedAt, 'accept', 'accepted', 'engineer')] : []),
    ...(t.startedAt ? [audit(t.startedAt, 'start', 'in_progress', 'engineer')] : []),
    ...(t.resolvedAt ? [audit(t.resolvedAt, 'resolve', 'resolved', 'engineer')] : []),
    ...(t.closedAt ? [audit(t.closedAt, 'close', 'closed', 'company')] : []),
  ];
  const last = events[events.length - 1]?.at ?? submittedAt;
  const number = nextNumber(ctx, submittedAt);
  const supportTypes = (template.supportTypes as string[] | undefined) ?? ['기술자문'];
  const open = ['submitted', 'routed', 'accepted', 'in_progress'].includes(status);
  const doc = {
    _id: new mongoose.Types.ObjectId(),
    number,
    companyId: company.id,
    companyName: company.name,
    createdBy: { id: `v-user-${String(company.id)}`, name: `${company.name} 담당자` },
    title: `${String(template.title)} (${Math.floor(rng() * 900) + 100})`,
    description: String(template.description),
    industry: company.industry,
    field: pick(rng, FIELDS),
    supportTypes,
    supplyChainItem: rng() < 0.2,
    companyDesignated: company.designated ?? false,
    region: company.region,
    attachments: [],
    status,
    rev: events.length,
    routing: {
      ranked: ranked.map((i, k) => ({
        institute: i.code,
        score: 1 - k * 0.2,
        reasons: [`${i.nameKo}의 전문 분야와 일치`],
      })),
      team: [lead, ...team],
      convergence: team.length > 0,
      skipped: [],
      catalogueVersion: 'volume',
      routedAt: t.routedAt,
    },
    offeredTo: status === 'routed' ? lead : undefined,
    lead: status === 'routed' || status === 'submitted' ? undefined : lead,
    participants: status === 'routed' || status === 'submitted' ? [] : team,
    declines: declined,
    assignedEngineer,
    submittedAt,
    routedAt: t.routedAt,
    acceptBy: status === 'routed' ? new Date(submittedAt.getTime() + 2 * DAY) : undefined,
    acceptedAt: t.acceptedAt,
    startedAt: t.startedAt,
    resolvedAt: t.resolvedAt,
    closedAt: t.closedAt,
    escalated: open && rng() < 0.03,
    outcome: t.resolvedAt
      ? withTechnologyFee({
          summary: '원인 분석과 공정 조건 개선안을 제시하고 시험으로 확인했습니다.',
          result: '불량률이 목표 이하로 낮아졌습니다.',
          costSavingKrw: Math.round(between(rng, 5, 300)) * 1_000_000,
          salesEffectKrw: Math.round(between(rng, 0, 900)) * 1_000_000,
          technologyTransfer: rng() < 0.15,
        })
      : undefined,
    rating: t.closedAt
      ? { satisfaction: Math.min(7, 4 + Math.floor(rng() * 4)), comment: '도움이 되었습니다.' }
      : undefined,
    notes: [],
    audit: events,
    equipmentRequests: [],
    supports: supportsFor(number, [lead, ...team], supportTypes, t, ctx.now),
    createdAt: submittedAt,
    updatedAt: last,
  } as unknown as CaseDoc;
  return { ...doc, ...derivedFields(doc) };
}

function chatFor(rng: Rng, c: CaseDoc): Record<string, unknown>[] {
  if (!c.routedAt) return [];
  const count = 1 + Math.floor(rng() * 5);
  return Array.from({ length: count }, (_, k) => {
    const seq = k + 1;
    const fromCompany = k % 2 === 0;
    const caseId = String(c._id);
    return {
      _id: `${caseId}:${String(seq).padStart(10, '0')}`,
      t: 'm',
      caseId,
      seq,
      key: `${caseId}:k:v:${seq}`,
      clientId: `v-${seq}`,
      kind: 'user',
      text: fromCompany ? '시료는 언제 보내 드리면 될까요?' : '다음 주 화요일까지 보내 주시면 바로 시험하겠습니다.',
      author: fromCompany
        ? { id: c.createdBy.id, name: c.createdBy.name, role: 'company', company: c.companyName }
        : { id: 'v-eng', name: `${c.lead ?? c.offeredTo} 연구원`, role: 'engineer', institute: c.lead ?? c.offeredTo },
      createdAt: new Date((c.routedAt as Date).getTime() + seq * 3600_000),
    };
  });
}

/** Companies across the regions and industries of the consortium, about 4 cases each. */
function volumeCompanies(
  rng: Rng,
  count: number,
  first: number,
  now: Date,
): { party: Party; doc: Record<string, unknown> }[] {
  const regions = ['경기', '서울', '경남', '충남', '대구', '부산', '인천', '경북'];
  const industries = ['반도체', '디스플레이', '이차전지', '자동차', '기계', '화학', '전기전자'];
  return Array.from({ length: count }, (_, k) => {
    const i = first + k;
    const party = {
      id: new mongoose.Types.ObjectId(),
      name: `(주)소부장${String(i + 1).padStart(5, '0')}`,
      region: pick(rng, regions),
      industry: pick(rng, industries),
      designated: rng() < 0.2,
    };
    const doc = {
      _id: party.id,
      name: party.name,
      businessNumber: `9${String(i + 1).padStart(9, '0')}`,
      size: '중소기업',
      region: party.region,
      industry: party.industry,
      designations: party.designated ? ['소부장 강소기업 100'] : [],
      createdAt: now,
      updatedAt: now,
    };
    return { party, doc };
  });
}

async function insertInBatches(collection: string, docs: Record<string, unknown>[]): Promise<void> {
  const target = mongoose.connection.collection(collection);
  for (let i = 0; i < docs.length; i += BATCH) await target.insertMany(docs.slice(i, i + BATCH), { ordered: true });
}

async function demoParties(): Promise<{ companies: Party[]; engineers: Map<string, Engineer> }> {
  const users = await User.find(
    { email: /@demo\.test$/ },
    { email: 1, name: 1, companyId: 1, instituteCode: 1 },
  ).lean();
  const engineers = new Map<string, Engineer>();
  const companies: Party[] = [];
  for (const u of users) {
    if (u.email.startsWith('eng.') && u.instituteCode)
      engineers.set(u.instituteCode, { id: String(u._id), name: u.name });
    if (u.companyId) companies.push({ id: u.companyId, name: u.name, region: '경기', industry: '반도체' });
  }
  return { companies, engineers };
}

async function caseNumbersInUse(): Promise<Map<number, number>> {
  const counters = await mongoose.connection.collection<{ _id: string; seq: number }>('counters').find({}).toArray();
  return new Map(counters.filter((c) => c._id.startsWith('case-')).map((c) => [Number(c._id.slice(5)), c.seq]));
}

/** Adds `count` cases (and their companies and chat) ending at `now`; returns the case count. */
export async function seedVolume(count: number, now: Date): Promise<number> {
  const rng = seededRandom(count);
  const parties = await demoParties();
  const existing = await mongoose.connection.collection('companies').countDocuments();
  const companies = volumeCompanies(rng, Math.max(50, Math.round(count * COMPANIES_PER_CASE)), existing, now);
  await insertInBatches(
    'companies',
    companies.map((c) => c.doc),
  );
  const ctx: VolumeContext = {
    now,
    companies: companies.map((c) => c.party),
    demoCompanies: parties.companies,
    engineers: parties.engineers,
    numbers: await caseNumbersInUse(),
  };
  const spanMs = (count / CASES_PER_YEAR) * 365 * DAY;
  const demoShare = 1 / ctx.companies.length;
  // Build the next chunk while the previous one is being inserted (the database works on
  // the other core), with the cases and their chat inserted side by side.
  const months = new Set<string>();
  let inserting: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < count; start += BATCH * 4) {
    const cases = Array.from({ length: Math.min(BATCH * 4, count - start) }, (_, k) => {
      const submittedAt = new Date(now.getTime() - spanMs * (1 - (start + k + 0.5) / count));
      const company =
        rng() < demoShare * ctx.demoCompanies.length ? pick(rng, ctx.demoCompanies) : pick(rng, ctx.companies);
      return volumeCase(ctx, rng, submittedAt, company);
    });
    const chat = cases.flatMap((c) => chatFor(rng, c));
    for (const month of cases.flatMap(activityMonths)) months.add(month);
    await inserting;
    inserting = Promise.all([
      insertInBatches('cases', cases as unknown as Record<string, unknown>[]).then(() =>
        insertInBatches('caserows', cases.map(rowOf)),
      ),
      insertInBatches('chatentries', chat),
    ]);
  }
  await inserting;
  // The dashboard's summaries of these months are stale now (dashboard/month-rows.ts).
  await touchMonths(months);
  const counters = mongoose.connection.collection<{ _id: string; seq: number }>('counters');
  for (const [year, seq] of ctx.numbers)
    await counters.updateOne({ _id: `case-${year}` }, { $max: { seq } }, { upsert: true });
  return count;
}
