import { z } from 'zod';
import { dayOf } from './list-keys';
import { FIELDS, seedCatalogue } from '../institutes/catalogue';
import { calendarDay, lineText, multilineText, objectId } from '../core/http/fields';
import { asFlag, asList, blankAsUndefined } from '../core/http/form-values';
import { instituteCode } from '../institutes/params';
import { CASE_STATUSES, TRANSITION_ACTIONS } from './lifecycle';
import { INDUSTRIES, REGIONS } from '../companies/model';

const SERVICES = seedCatalogue().services as [string, ...string[]];
const optionalText = (max: number) =>
  lineText(max)
    .optional()
    .transform((v) => (v ? v : undefined));

const wishedBy = calendarDay({
  message: '희망 완료일을 YYYY-MM-DD로 입력해 주세요.',
  notBefore: () => new Date(),
  pastMessage: '희망 완료일은 오늘 이후로 골라 주세요.',
});

export const caseDraftSchema = z.object({
  title: lineText(120).pipe(z.string().min(4, '제목을 4자 이상 입력해 주세요.')),
  description: multilineText(5000).pipe(z.string().min(20, '문제 상황을 20자 이상 설명해 주세요.')),
  industry: z.preprocess(blankAsUndefined, z.enum(INDUSTRIES, { message: '업종을 목록에서 골라 주세요.' }).optional()),
  field: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(FIELDS, { message: '분야를 목록에서 골라 주세요.' }).optional(),
  ),
  supportTypes: z.preprocess(
    asList,
    z.array(z.enum(SERVICES, { message: '지원 유형을 목록에서 골라 주세요.' })).max(13),
  ),
  desiredEquipment: optionalText(300),
  wishedBy: z.preprocess(blankAsUndefined, wishedBy.optional()),
  supplyChainItem: z.preprocess(asFlag, z.boolean()),
});
export type CaseDraftInput = z.infer<typeof caseDraftSchema>;

const krw = z.coerce
  .number({ message: '금액을 숫자로 입력해 주세요.' })
  .int('원 단위 정수로 입력해 주세요.')
  .min(0, '0 이상이어야 합니다.')
  .max(1e13);

/** The action alone, read first: who may take it is decided before its fields are read. */
export const actionSchema = z.object({
  action: z.enum(TRANSITION_ACTIONS, {
    message: '할 수 있는 작업이 아닙니다.',
  }),
});

export const transitionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('submit') }),
  z.object({
    action: z.literal('accept'),
    engineerId: z.preprocess(blankAsUndefined, objectId('담당 엔지니어를 목록에서 골라 주세요.').optional()),
  }),
  z.object({
    action: z.literal('decline'),
    reason: multilineText(1000).pipe(z.string().min(5, '거절 사유를 5자 이상 적어 주세요.')),
  }),
  z.object({ action: z.literal('start') }),
  z.object({
    action: z.literal('resolve'),
    summary: multilineText(3000).pipe(z.string().min(5, '수행 내용을 5자 이상 적어 주세요.')),
    result: multilineText(3000).pipe(z.string().min(2, '결과를 적어 주세요.')),
    costSavingKrw: krw.default(0),
    salesEffectKrw: krw.default(0),
    technologyTransfer: z.preprocess(asFlag, z.boolean()),
    technologyFeeKrw: krw.default(0),
  }),
  z.object({
    action: z.literal('close'),
    satisfaction: z.coerce
      .number({ message: '만족도를 1~7로 골라 주세요.' })
      .int()
      .min(1, '만족도는 1~7입니다.')
      .max(7, '만족도는 1~7입니다.'),
    comment: multilineText(1000).optional(),
  }),
  z.object({
    action: z.literal('reopen'),
    reason: multilineText(1000).pipe(z.string().min(5, '해결되지 않은 점을 5자 이상 적어 주세요.')),
  }),
  z.object({ action: z.literal('reassign'), institute: instituteCode }),
]);
export type TransitionInput = z.infer<typeof transitionSchema>;

export const teamSchema = z.object({
  lead: instituteCode,
  participants: z.preprocess(asList, z.array(instituteCode).max(8, '참여 기관은 8곳까지입니다.')),
});

/** A participant institute's answer to joining a joint team. */
export const participationSchema = z.discriminatedUnion(
  'answer',
  [
    z.object({
      answer: z.literal('accept'),
      engineerId: z.preprocess(blankAsUndefined, objectId('담당 엔지니어를 목록에서 골라 주세요.').optional()),
    }),
    z.object({
      answer: z.literal('decline'),
      reason: multilineText(1000).pipe(z.string().min(5, '참여하지 않는 사유를 5자 이상 적어 주세요.')),
    }),
  ],
  { message: '수락 또는 거절을 골라 주세요.' },
);

/** A support delivered on the case: one of the 13 support types, by a team institute, on a day. */
export const supportSchema = z.object({
  type: z.enum(SERVICES, { message: '지원 유형을 목록에서 골라 주세요.' }),
  institute: instituteCode,
  deliveredAt: calendarDay({ message: '지원한 날짜를 YYYY-MM-DD로 입력해 주세요.' }).refine(
    (d) => d <= new Date(),
    '지원한 날짜는 오늘이나 그 전이어야 합니다.',
  ),
  equipmentId: z.preprocess(blankAsUndefined, objectId('장비 번호 형식이 아닙니다.').optional()),
  note: z.preprocess(blankAsUndefined, lineText(300).optional()),
});
export type SupportInput = z.infer<typeof supportSchema>;

export const dueSchema = z.object({
  dueAt: z.preprocess(
    (v) => (v === '' ? null : v),
    calendarDay({
      message: '날짜를 YYYY-MM-DD로 입력해 주세요.',
      notBefore: () => new Date(),
      pastMessage: '기한은 오늘 이후로 정해 주세요.',
    }).nullable(),
  ),
});

export const noteSchema = z.object({ text: multilineText(3000).pipe(z.string().min(1, '내용을 입력해 주세요.')) });

export const CASE_SORTS = ['recent', 'submitted', 'due'] as const;

export const listQuerySchema = z.object({
  status: z.preprocess(blankAsUndefined, z.enum(CASE_STATUSES, { message: '상태를 목록에서 골라 주세요.' }).optional()),
  q: z.preprocess(blankAsUndefined, lineText(100).optional()),
  // "open" (current work), a month "2026-11" (institutes, engineers) or a day "2026-11-30" (the desk).
  period: z
    .string()
    .regex(
      /^(open|\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)$/,
      '기간은 open, 2026-11 또는 2026-11-30 형식입니다.',
    )
    .refine((v) => v.length !== 10 || dayOf(new Date(`${v}T12:00:00+09:00`)) === v, '없는 날짜입니다.')
    .optional(),
  institute: z.preprocess(blankAsUndefined, instituteCode.optional()),
  // The desk's queue tabs (intake: to route; awaiting: offered, not yet accepted; joint: teams
  // still forming), an institute's (new, mine), and every role's "all"; "queue" is intake + awaiting.
  view: z
    .enum(['all', 'queue', 'intake', 'awaiting', 'escalated', 'overdue', 'joint', 'mine', 'new'], {
      message: '목록 탭을 골라 주세요.',
    })
    .default('all'),
  field: z.preprocess(blankAsUndefined, z.enum(FIELDS, { message: '분야를 목록에서 골라 주세요.' }).optional()),
  region: z.preprocess(blankAsUndefined, z.enum(REGIONS, { message: '지역을 목록에서 골라 주세요.' }).optional()),
  supplyChain: z.preprocess(asFlag, z.boolean()).default(false),
  designated: z.preprocess(asFlag, z.boolean()).default(false),
  // A search looks in every tab ("all") unless a tab was picked to narrow it ("tab").
  scope: z.enum(['all', 'tab']).default('all'),
  // recent: supply-chain items first, then the latest change; submitted: newest first; due: the nearest deadline first.
  sort: z.enum(CASE_SORTS, { message: '정렬 방식을 목록에서 골라 주세요.' }).default('recent'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const caseIdParams = z.object({ id: objectId('과제 번호 형식이 아닙니다.') });
