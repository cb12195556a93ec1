import { z } from 'zod';
import { blankAsUndefined } from '../core/http/form-values';
import { FIELDS } from '../institutes/catalogue';
import { instituteCode } from '../institutes/params';

export const equipmentQuerySchema = z.object({
  q: z.preprocess(blankAsUndefined, z.string().trim().max(100, '검색어는 100자 이하로 입력해 주세요.').optional()),
  institute: z.preprocess(blankAsUndefined, instituteCode.optional()),
  region: z.preprocess(blankAsUndefined, z.string().trim().max(20).optional()),
  field: z.preprocess(blankAsUndefined, z.enum(FIELDS, { message: '분야를 목록에서 골라 주세요.' }).optional()),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type EquipmentQuery = z.infer<typeof equipmentQuerySchema>;

export const equipmentIdParams = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/, '장비 번호 형식이 아닙니다.') });

export const equipmentRequestSchema = z.object({
  caseId: z.string({ message: '과제를 골라 주세요.' }).regex(/^[a-f0-9]{24}$/, '과제를 골라 주세요.'),
  note: z
    .string()
    .trim()
    .max(1000, '요청 내용은 1,000자 이하로 입력해 주세요.')
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type EquipmentRequestInput = z.infer<typeof equipmentRequestSchema>;
