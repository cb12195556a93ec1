import { blankAsUndefined } from '../core/http/form-values';
import { instituteCode } from '../institutes/params';
import { z } from 'zod';

const day = z
  .string()
  .regex(/^(20\d\d|2100)-\d{2}-\d{2}$/, '날짜를 YYYY-MM-DD로 입력해 주세요 (2000~2100년).')
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      message: '없는 날짜입니다.',
    },
  );

export const dashboardQuerySchema = z
  .object({
    from: z.preprocess(blankAsUndefined, day.optional()),
    to: z.preprocess(blankAsUndefined, day.optional()),
    institute: z.preprocess(blankAsUndefined, instituteCode.optional()),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '시작일이 종료일보다 늦습니다.', path: ['to'] });
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;
