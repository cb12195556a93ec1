import { notFound } from '../core/errors';
import { reloadedEvery } from '../core/reloaded';
import { FIELDS, type Field } from './catalogue';
import { User } from '../accounts/model';
import type { Actor } from '../accounts/roles';
import { authorize } from '../policy/policy';
import { Equipment } from '../equipment/model';
import { Institute, type InstituteStatus } from './model';

export type InstituteSummary = {
  code: string;
  nameKo: string;
  nameEn: string;
  type: string;
  region: string;
  city: string;
  homeField: string;
  fields: string[];
  services: string[];
  equipmentCount: number;
  status: string;
};

const SUMMARY_PROJECTION = {
  _id: 0,
  code: 1,
  nameKo: 1,
  nameEn: 1,
  type: 1,
  region: 1,
  city: 1,
  homeField: 1,
  fields: 1,
  services: 1,
  equipmentCount: 1,
  status: 1,
} as const;

export async function listInstitutes(): Promise<InstituteSummary[]> {
  return Institute.find({}, SUMMARY_PROJECTION).sort({ code: 1 }).lean<InstituteSummary[]>();
}

export async function institutesByField(): Promise<{ field: Field; institutes: InstituteSummary[] }[]> {
  const all = await listInstitutes();
  return FIELDS.map((field) => ({ field, institutes: all.filter((i) => i.homeField === field) }));
}

export async function getInstitute(code: string) {
  const institute = await Institute.findOne({ code: code.toUpperCase() }, { __v: 0 }).lean();
  if (!institute) throw notFound(`기관 코드 '${code}'를 찾을 수 없습니다.`);
  // The institute's representative items from the catalogue; its whole registry is one search away.
  const representative = await Equipment.find(
    { instituteCode: institute.code, source: 'catalogue' },
    { _id: 1, name: 1, nameEn: 1, uses: 1 },
  ).lean();
  const equipment = representative
    .sort((a, b) => a.name.localeCompare(b.name, 'ko'))
    .map((e) => ({ id: String(e._id), name: e.name, nameEn: e.nameEn ?? '', capabilities: e.uses ?? [] }));
  const { _id, ...rest } = institute;
  return { ...rest, id: String(_id), equipment };
}

export type InstituteChoice = { code: string; nameKo: string; nameEn: string; status: string };

// The desk's team builder offers every institute with its status on each case page.
// An institute document carries its whole catalogue entry, which the embedded database
// decodes in full, so the 37 choices are kept for a short while; a status change in
// this process is seen at once, one in another process within STATUS_TTL_MS.
const STATUS_TTL_MS = 30_000;
const choices = reloadedEvery(STATUS_TTL_MS, () =>
  Institute.find({}, { code: 1, nameKo: 1, nameEn: 1, status: 1 }).sort({ code: 1 }).lean<InstituteChoice[]>().exec(),
);

export const instituteChoices = (): Promise<InstituteChoice[]> => choices.get();

export async function updateInstituteSettings(
  actor: Actor,
  code: string,
  settings: { status: InstituteStatus; capacity: number },
): Promise<void> {
  authorize(actor, 'institute:manage', { instituteCode: code });
  const result = await Institute.updateOne({ code }, { $set: settings });
  if (!result.matchedCount) throw notFound(`기관 코드 '${code}'를 찾을 수 없습니다.`);
  choices.forget();
}

export async function instituteEngineers(code: string) {
  return User.find({ instituteCode: code, active: true }, { name: 1, email: 1, role: 1 }).sort({ name: 1 }).lean();
}
