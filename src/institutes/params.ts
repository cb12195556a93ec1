import { z } from 'zod';

export const instituteCodeParams = z.object({
  code: z.string().regex(/^[A-Za-z][A-Za-z0-9]{1,11}$/, '기관 코드는 영문자와 숫자 2~12자입니다.'),
});
