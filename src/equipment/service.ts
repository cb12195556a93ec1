// The equipment catalogue of all institutes: search, one item, and a company's request
// to use an item on one of its open cases.
//
// A request is recorded on the case (`equipmentRequests`, through the case store so it
// is atomic and audited as 'equipment-request'). The institute that owns the item gets
// read access to the case (policy: CaseAccess.equipmentInstitutes → visibleTo) and a
// notification with a link to it; it does not join the support team. When it is not
// already on the team, the desk is notified too so a coordinator can add it as a
// participant (the team stays the coordinators' decision).
import mongoose from 'mongoose';
import type { Actor } from '../accounts/roles';
import { OPEN_STATUSES, STATUS_LABELS, type CaseStatus } from '../cases/lifecycle';
import { Case, type CaseDoc } from '../cases/model';
import { accessOf, loadVisibleCase, updateCase } from '../cases/store';
import { Company, hasEquipmentDiscount } from '../companies/model';
import type { AppContext } from '../core/context';
import { conflict, notFound } from '../core/errors';
import { reloadedEvery } from '../core/reloaded';
import { catalogueInstitutes, FIELDS } from '../institutes/catalogue';
import { Equipment, Institute } from '../institutes/model';
import { notify } from '../notifications/service';
import { authorize } from '../policy/policy';
import type { EquipmentQuery, EquipmentRequestInput } from './schemas';
import { textMatcher } from './search';

type StoredEquipment = {
  _id: mongoose.Types.ObjectId;
  instituteCode: string;
  name: string;
  nameEn: string;
  capabilities: string[];
  region: string;
  fields: string[];
};

const ITEM_PROJECTION = { instituteCode: 1, name: 1, nameEn: 1, capabilities: 1, region: 1, fields: 1 } as const;

export type EquipmentItem = ReturnType<typeof itemView>;

function itemView(e: StoredEquipment, names: ReadonlyMap<string, string>) {
  return {
    id: String(e._id),
    name: e.name,
    nameEn: e.nameEn,
    capabilities: e.capabilities,
    region: e.region,
    fields: e.fields,
    institute: { code: e.instituteCode, nameKo: names.get(e.instituteCode) ?? e.instituteCode },
  };
}

function instituteNames(): Map<string, string> {
  return new Map(catalogueInstitutes().map((i) => [i.code, i.nameKo]));
}

export type EquipmentPage = { items: EquipmentItem[]; total: number; page: number; pages: number; limit: number };

// The catalogue as searches read it, in list order. Patterns and synonyms cannot be
// served by an index on the embedded database, and every search would decode every
// item; the catalogue changes only when it is seeded or imported, so it is read at
// most every CATALOGUE_TTL_MS.
const CATALOGUE_TTL_MS = 60_000;
const catalogue = reloadedEvery(CATALOGUE_TTL_MS, () =>
  Equipment.find({}, ITEM_PROJECTION).sort({ instituteCode: 1, name: 1 }).lean<StoredEquipment[]>().exec(),
);

export async function searchEquipment(query: EquipmentQuery): Promise<EquipmentPage> {
  const text = textMatcher(query.q);
  const found = (await catalogue.get()).filter(
    (e) =>
      (!query.institute || e.instituteCode === query.institute) &&
      (!query.region || e.region === query.region) &&
      (!query.field || e.fields.includes(query.field)) &&
      text(e),
  );
  const start = (query.page - 1) * query.limit;
  const names = instituteNames();
  const total = found.length;
  return {
    items: found.slice(start, start + query.limit).map((e) => itemView(e, names)),
    total,
    page: query.page,
    limit: query.limit,
    pages: Math.max(1, Math.ceil(total / query.limit)),
  };
}

/** The choices of the search form: institutes, their regions, the five fields. */
export function searchOptions() {
  const institutes = catalogueInstitutes().map(({ code, nameKo, region }) => ({ code, nameKo, region }));
  const regions = [...new Set(institutes.map((i) => i.region))].sort((a, b) => a.localeCompare(b, 'ko'));
  return { institutes, regions, fields: [...FIELDS] };
}

export async function getEquipment(id: string) {
  if (!mongoose.isValidObjectId(id)) throw notFound('장비를 찾을 수 없습니다.');
  const item = await Equipment.findById(id, ITEM_PROJECTION).lean<StoredEquipment>();
  if (!item) throw notFound('장비를 찾을 수 없습니다.');
  const institute = await Institute.findOne(
    { code: item.instituteCode },
    { _id: 0, code: 1, nameKo: 1, nameEn: 1, region: 1, city: 1, services: 1, status: 1 },
  ).lean();
  return {
    ...itemView(item, new Map([[item.instituteCode, institute?.nameKo ?? item.instituteCode]])),
    institute: {
      code: item.instituteCode,
      nameKo: institute?.nameKo ?? item.instituteCode,
      nameEn: institute?.nameEn ?? '',
      region: institute?.region ?? item.region,
      city: institute?.city ?? '',
      services: institute?.services ?? [],
      status: institute?.status ?? 'active',
    },
  };
}

/** What a company member sees on an item page: the discount, open cases, earlier requests. */
export async function companyContext(actor: Actor, equipmentId: string) {
  if (actor.role !== 'company' || !actor.companyId) return null;
  const [company, cases] = await Promise.all([
    Company.findById(actor.companyId, { designations: 1 }).lean(),
    Case.find(
      { companyId: actor.companyId, status: { $in: OPEN_STATUSES } },
      { number: 1, title: 1, status: 1, 'equipmentRequests.equipmentId': 1, 'equipmentRequests.requestedAt': 1 },
    )
      .sort({ submittedAt: -1 })
      .limit(100)
      .lean<Pick<CaseDoc, '_id' | 'number' | 'title' | 'status' | 'equipmentRequests'>[]>(),
  ]);
  const requestedOn = (c: (typeof cases)[number]) =>
    (c.equipmentRequests ?? []).find((r) => r.equipmentId === equipmentId);
  return {
    discount: company ? hasEquipmentDiscount(company) : false,
    designations: company?.designations ?? [],
    openCases: cases
      .filter((c) => !requestedOn(c))
      .map((c) => ({
        id: String(c._id),
        number: c.number,
        title: c.title,
        statusLabel: STATUS_LABELS[c.status as CaseStatus],
      })),
    requested: cases.flatMap((c) => {
      const r = requestedOn(c);
      return r ? [{ caseId: String(c._id), number: c.number, title: c.title, requestedAt: r.requestedAt }] : [];
    }),
  };
}

export async function requestEquipment(
  ctx: AppContext,
  actor: Actor,
  equipmentId: string,
  input: EquipmentRequestInput,
) {
  const item = await getEquipment(equipmentId);
  const c = await loadVisibleCase(actor, input.caseId);
  authorize(actor, 'equipment:request', { case: accessOf(c) });
  if (!OPEN_STATUSES.includes(c.status as CaseStatus))
    throw conflict('장비 사용은 진행 중인 과제(접수~진행 중)에서만 요청할 수 있습니다.');
  const existing = c.equipmentRequests ?? [];
  if (existing.some((r) => r.equipmentId === item.id)) throw conflict('이 과제에서 이미 요청한 장비입니다.');
  const company = await Company.findById(c.companyId, { designations: 1 }).lean();
  const now = ctx.now();
  const request = {
    equipmentId: item.id,
    equipmentName: item.name,
    instituteCode: item.institute.code,
    ...(input.note ? { note: input.note } : {}),
    discount: company ? hasEquipmentDiscount(company) : false,
    requestedAt: now,
    requestedBy: { id: actor.id, name: actor.name },
  };
  const updated = await updateCase(
    actor,
    c,
    {
      set: { equipmentRequests: [...existing, request] },
      audit: { action: 'equipment-request', detail: `${item.institute.code} ${item.name}` },
    },
    now,
  );
  const onTeam = c.lead === item.institute.code || c.participants.includes(item.institute.code);
  const requested = { company: c.companyName, equipment: item.name, institute: item.institute.code };
  await notify(
    ctx,
    {
      caseId: c._id,
      caseNumber: c.number,
      kind: 'equipment-request',
      message: { key: request.discount ? 'equipmentRequestedDiscount' : 'equipmentRequested', params: requested },
      to: [{ institute: item.institute.code }],
      email: true,
    },
    actor,
  );
  if (!onTeam)
    await notify(
      ctx,
      {
        caseId: c._id,
        caseNumber: c.number,
        kind: 'equipment-request',
        message: { key: 'equipmentOutsideTeam', params: requested },
        to: [{ desk: true }],
      },
      actor,
    );
  return { case: updated, request, item };
}
