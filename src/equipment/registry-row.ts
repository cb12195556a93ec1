// One instrument as the registry takes it in, from an import file or the demo
// generator: the schema that checks every field, with a Korean message per field.
import { z } from 'zod';
import { lineText } from '../core/http/fields';
import { catalogueInstitutes } from '../institutes/catalogue';
import { instituteCode } from '../institutes/params';
import { EQUIPMENT_STATUSES, FEE_UNITS } from './model';

const knownInstitute = instituteCode.refine(
  (code) => catalogueInstitutes().some((i) => i.code === code),
  '37개 기관 코드 중 하나가 아닙니다.',
);

const optionalLine = (max: number) => lineText(max).optional().default('');

export const registryRowSchema = z.object({
  instituteCode: knownInstitute,
  registryId: lineText(40)
    .min(1, '장비 등록번호를 입력해 주세요.')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, '등록번호는 영문자, 숫자, 점, 하이픈, 밑줄로만 씁니다.'),
  name: lineText(200).min(1, '장비명을 입력해 주세요.'),
  nameEn: optionalLine(200),
  model: optionalLine(100),
  maker: optionalLine(100),
  category: optionalLine(100),
  uses: z.array(lineText(200).min(1)).max(12, '용도는 12개까지 씁니다.').default([]),
  usesEn: z.array(lineText(200).min(1)).max(12, '용도는 12개까지 씁니다.').default([]),
  specs: z
    .array(z.object({ label: lineText(60).min(1, '사양 항목명을 입력해 주세요.'), value: lineText(200).min(1) }))
    .max(20, '사양은 20개까지 씁니다.')
    .default([]),
  location: optionalLine(200),
  fee: z
    .object({
      unit: z.enum(FEE_UNITS, { message: '이용료 단위는 시간, 시료, 일 중 하나입니다.' }),
      amount: z
        .number({ message: '이용료는 원 단위 숫자로 씁니다.' })
        .int('이용료는 원 단위 숫자로 씁니다.')
        .min(0, '이용료는 0 이상입니다.')
        .max(100_000_000, '이용료가 너무 큽니다.'),
    })
    .optional(),
  manager: z
    .object({
      name: optionalLine(60),
      phone: z
        .string()
        .trim()
        .regex(/^$|^[0-9+()\- ]{7,20}$/, '연락처는 숫자와 하이픈으로 씁니다.')
        .optional()
        .default(''),
      email: z
        .string()
        .trim()
        .max(200)
        .refine((v) => v === '' || z.email().safeParse(v).success, '이메일 형식이 아닙니다.')
        .optional()
        .default(''),
    })
    .optional(),
  status: z
    .enum(EQUIPMENT_STATUSES, { message: '상태는 사용가능, 수리중, 사용불가 중 하나입니다.' })
    .default('available'),
});

export type RegistryRow = z.infer<typeof registryRowSchema>;

/** The key an import matches on: the institute and its own registry id. */
export const rowKey = (row: { instituteCode: string; registryId: string }) => `${row.instituteCode}:${row.registryId}`;
