import { z } from 'zod';
import { INSTITUTE_STATUSES } from './model';

/** An institute code as users type it (any case); stored codes are upper case. */
export const instituteCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9]{1,11}$/, '기관 코드를 확인해 주세요.');

export const instituteCodeParams = z.object({
  code: z.string().regex(/^[A-Za-z][A-Za-z0-9]{1,11}$/, '기관 코드는 영문자와 숫자 2~12자입니다.'),
});

export const instituteSettingsSchema = z.object({
  status: z.enum(INSTITUTE_STATUSES, { message: '상태를 골라 주세요.' }),
  capacity: z.coerce.number({ message: '동시 수용 과제 수를 숫자로 입력해 주세요.' }).int().min(0).max(1000),
});
