import { z } from 'zod';
import { ROLES } from '../accounts/roles';
import { lineText, multilineText, objectId } from '../core/http/fields';
import { blankAsUndefined } from '../core/http/form-values';

export const USERS_PAGE_SIZE = 50;

export const userListSchema = z.object({
  q: z.preprocess(blankAsUndefined, lineText(100).optional()),
  role: z.preprocess(blankAsUndefined, z.enum(ROLES, { message: '역할을 목록에서 골라 주세요.' }).optional()),
  state: z.enum(['all', 'active', 'inactive'], { message: '계정 상태를 목록에서 골라 주세요.' }).default('all'),
  page: z.coerce.number({ message: '쪽 번호는 숫자입니다.' }).int().min(1).max(1000).default(1),
});
export type UserListQuery = z.infer<typeof userListSchema>;

export const userIdParams = z.object({ id: objectId('계정 번호 형식이 아닙니다.') });

export const deactivationSchema = z.object({
  reason: multilineText(500).pipe(z.string().min(5, '비활성화 사유를 5자 이상 적어 주세요.')),
});

export const roleChangeSchema = z.object({
  role: z.enum(ROLES, { message: '역할을 목록에서 골라 주세요.' }),
});

export const logQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '월은 2026-11 형식입니다.')
    .optional(),
});
