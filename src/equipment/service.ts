// One instrument as its page and the API show it, with its calendar's next free days,
// and what a company member needs beside it (discount, open cases, its requests).
import mongoose from 'mongoose';
import type { Actor } from '../accounts/roles';
import { OPEN_STATUSES, STATUS_LABELS, type CaseStatus } from '../cases/lifecycle';
import { Case, type CaseDoc } from '../cases/model';
import { Company, hasEquipmentDiscount, validDesignations } from '../companies/model';
import { notFound } from '../core/errors';
import { koreaDay } from '../core/http/fields';
import { Institute } from '../institutes/model';
import { Equipment } from './model';
import { hashedFields } from './snapshot';
import { bookedDays, daysBetween } from './slots';
import { EquipmentUse, type UseDoc } from './use-model';

const NOT_FOUND = '장비를 찾을 수 없습니다.';
/** How far ahead the page looks for free days, and how many it lists. */
const CALENDAR_DAYS = 42;
const FREE_DAYS_SHOWN = 6;

export async function getEquipment(id: string) {
  if (!mongoose.isValidObjectId(id)) throw notFound(NOT_FOUND);
  const item = await Equipment.findById(id, { __v: 0 }).lean();
  if (!item) throw notFound(NOT_FOUND);
  const institute = await Institute.findOne(
    { code: item.instituteCode },
    { _id: 0, code: 1, nameKo: 1, nameEn: 1, region: 1, city: 1, services: 1, status: 1 },
  ).lean();
  const { instituteCode: _code, region: _region, ...fields } = hashedFields(item);
  return {
    id: String(item._id),
    ...fields,
    demo: item.source === 'demo',
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
export type EquipmentDetail = Awaited<ReturnType<typeof getEquipment>>;

/** The next weekdays on which the instrument is not booked, from tomorrow (Korea time). */
export async function nextFreeDays(equipmentId: string, now: Date): Promise<string[]> {
  const first = koreaDay(new Date(now.getTime() + 86_400_000));
  const last = koreaDay(new Date(now.getTime() + CALENDAR_DAYS * 86_400_000));
  const days = daysBetween(first, last);
  const booked = await bookedDays(equipmentId, [...new Set(days.map((d) => d.slice(0, 7)))]);
  const weekday = (day: string) => ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
  return days.filter((d) => weekday(d) && !booked.has(d)).slice(0, FREE_DAYS_SHOWN);
}

/** What a company member sees beside an instrument: the discount, open cases to request on, its requests. */
export async function companyContext(actor: Actor, equipmentId: string, now: Date) {
  if (actor.role !== 'company' || !actor.companyId) return null;
  const [company, cases, uses] = await Promise.all([
    Company.findById(actor.companyId, { designations: 1, claimedDesignations: 1, designationClaims: 1 }).lean(),
    Case.find({ companyId: actor.companyId, status: { $in: OPEN_STATUSES } }, { number: 1, title: 1, status: 1 })
      .sort({ submittedAt: -1 })
      .limit(100)
      .lean<Pick<CaseDoc, '_id' | 'number' | 'title' | 'status'>[]>(),
    EquipmentUse.find({ listKeys: `company:${actor.companyId}:open` }).lean<UseDoc[]>(),
  ]);
  return {
    discount: company ? hasEquipmentDiscount(company, now) : false,
    designations: company ? validDesignations(company, now) : [],
    claimed: (company?.claimedDesignations ?? []).filter((d) => !(company?.designations ?? []).includes(d)),
    openCases: cases.map((c) => ({
      id: String(c._id),
      number: c.number,
      title: c.title,
      statusLabel: STATUS_LABELS[c.status as CaseStatus],
    })),
    requested: uses
      .filter((u) => u.equipmentId === equipmentId)
      .map((u) => ({
        useId: String(u._id),
        caseId: String(u.caseId),
        number: u.caseNumber,
        title: u.caseTitle,
        status: u.status,
      })),
  };
}
