import { z } from 'zod';
import { lineText, objectId } from '../core/http/fields';
import { blankAsUndefined } from '../core/http/form-values';
import { FIELDS } from '../institutes/catalogue';
import { instituteCode } from '../institutes/params';
import { FEE_BANDS } from './search';

export const equipmentQuerySchema = z.object({
  q: z.preprocess(blankAsUndefined, lineText(100).optional()),
  institute: z.preprocess(blankAsUndefined, instituteCode.optional()),
  region: z.preprocess(blankAsUndefined, lineText(20).optional()),
  field: z.preprocess(blankAsUndefined, z.enum(FIELDS, { message: '분야를 목록에서 골라 주세요.' }).optional()),
  category: z.preprocess(blankAsUndefined, lineText(40).optional()),
  fee: z.preprocess(blankAsUndefined, z.enum(FEE_BANDS, { message: '이용료 구간을 목록에서 골라 주세요.' }).optional()),
  available: z.preprocess(
    blankAsUndefined,
    z.enum(['1'], { message: '지금 사용 가능 여부는 1로만 씁니다.' }).optional(),
  ),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type EquipmentQuery = z.infer<typeof equipmentQuerySchema>;

export const equipmentIdParams = z.object({ id: objectId('장비 번호 형식이 아닙니다.') });
