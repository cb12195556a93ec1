import { z } from 'zod';
import { dayOf } from './list-keys';
import { FIELDS, seedCatalogue } from '../institutes/catalogue';
import { asFlag, asList } from '../core/http/form-values';
import { instituteCode } from '../institutes/params';
import { CASE_STATUSES } from './lifecycle';

const SERVICES = seedCatalogue().services as [string, ...string[]];
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `${max}자 이하로 입력해 주세요.`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const caseDraftSchema = z.object({
  title: z.string().trim().min(4, '제목을 4자 이상 입력해 주세요.').max(120, '제목은 120자 이하로 입력해 주세요.'),
  description: z
    .string()
    .trim()
    .min(20, '문제 상황을 20자 이상 설명해 주세요.')
    .max(5000, '설명은 5,000자 이하로 입력해 주세요.'),
  industry: optionalText(40),
  field: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(FIELDS, { message: '분야를 목록에서 골라 주세요.' }).optional(),
  ),
  supportTypes: z.preprocess(
    asList,
    z.array(z.enum(SERVICES, { message: '지원 유형을 목록에서 골라 주세요.' })).max(13),
  ),
  desiredEquipment: optionalText(300),
  wishedBy: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : v),
    z.coerce.date({ message: '희망 완료일을 YYYY-MM-DD로 입력해 주세요.' }).optional(),
  ),
  supplyChainItem: z.preprocess(asFlag, z.boolean()),
});
export type CaseDraftInput = z.infer<typeof caseDraftSchema>;

const krw = z.coerce
  .number({ message: '금액을 숫자로 입력해 주세요.' })
  .int('원 단위 정수로 입력해 주세요.')
  .min(0, '0 이상이어야 합니다.')
  .max(1e13);

export const transitionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('submit') }),
  z.object({ action: z.literal('accept'), engineerId: z.string().optional() }),
  z.object({
    action: z.literal('decline'),
    reason: z.string().trim().min(5, '거절 사유를 5자 이상 적어 주세요.').max(1000),
  }),
  z.object({ action: z.literal('start') }),
  z.object({
    action: z.literal('resolve'),
    summary: z.string().trim().min(5, '수행 내용을 5자 이상 적어 주세요.').max(3000),
    result: z.string().trim().min(2, '결과를 적어 주세요.').max(3000),
    costSavingKrw: krw.default(0),
    salesEffectKrw: krw.default(0),
    technologyTransfer: z.preprocess(asFlag, z.boolean()),
  }),
  z.object({
    action: z.literal('close'),
    satisfaction: z.coerce
      .number({ message: '만족도를 1~7로 골라 주세요.' })
      .int()
      .min(1, '만족도는 1~7입니다.')
      .max(7, '만족도는 1~7입니다.'),
    comment: z.string().trim().max(1000).optional(),
  }),
  z.object({ action: z.literal('reassign'), institute: instituteCode }),
]);
export type TransitionInput = z.infer<typeof transitionSchema>;

export const teamSchema = z.object({
  lead: instituteCode,
  participants: z.preprocess(asList, z.array(instituteCode).max(8, '참여 기관은 8곳까지입니다.')),
});

export const dueSchema = z.object({
  dueAt: z.preprocess(
    (v) => (v === '' ? null : v),
    z.coerce.date({ message: '날짜를 YYYY-MM-DD로 입력해 주세요.' }).nullable(),
  ),
});

export const noteSchema = z.object({ text: z.string().trim().min(1, '내용을 입력해 주세요.').max(3000) });

export const listQuerySchema = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  q: z
    .string()
    .trim()
    .max(100)
    .regex(/^[^\p{Cc}]*$/u, '검색어에 제어 문자를 쓸 수 없습니다.')
    .optional(),
  // "open" (current work), a month "2026-11" (institutes, engineers) or a day "2026-11-30" (the desk).
  period: z
    .string()
    .regex(
      /^(open|\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)$/,
      '기간은 open, 2026-11 또는 2026-11-30 형식입니다.',
    )
    .refine((v) => v.length !== 10 || dayOf(new Date(`${v}T12:00:00+09:00`)) === v, '없는 날짜입니다.')
    .optional(),
  institute: instituteCode.optional(),
  view: z.enum(['all', 'queue', 'escalated', 'overdue', 'mine', 'new']).default('all'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const caseIdParams = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/, '과제 번호 형식이 아닙니다.') });
