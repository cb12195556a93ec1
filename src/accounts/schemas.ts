import { z } from 'zod';
import { EMAIL_PREFERENCES } from './model';
import { lineText } from '../core/http/fields';
import { asList } from '../core/http/form-values';
import { instituteCode } from '../institutes/params';
import { isValidBusinessNumber, normalizeBusinessNumber } from '../companies/business-number';
import { COMPANY_SIZES, DESIGNATIONS, INDUSTRIES } from '../companies/model';
import { asFlag } from '../core/http/form-values';

export const email = z.string().trim().toLowerCase().pipe(z.email('올바른 이메일 주소를 입력해 주세요.'));
export const newPassword = z
  .string()
  .min(10, '비밀번호는 10자 이상이어야 합니다.')
  .max(200, '비밀번호는 200자 이하여야 합니다.');
const personName = lineText(60).pipe(z.string().min(1, '이름을 입력해 주세요.'));

export const loginSchema = z.object({
  email,
  password: z.string().min(1, '비밀번호를 입력해 주세요.').max(200),
});

export const signupSchema = z
  .object({
    companyName: lineText(100).pipe(z.string().min(1, '회사명을 입력해 주세요.')),
    businessNumber: z
      .string()
      .transform(normalizeBusinessNumber)
      .refine(isValidBusinessNumber, '사업자등록번호 10자리를 확인해 주세요 (검증번호가 맞지 않습니다).'),
    size: z.enum(COMPANY_SIZES, { message: '기업 규모를 선택해 주세요.' }),
    industry: z.enum(INDUSTRIES, { message: '업종을 목록에서 골라 주세요.' }),
    region: lineText(20).pipe(z.string().min(1, '지역을 선택해 주세요.')),
    designations: z.preprocess(asList, z.array(z.enum(DESIGNATIONS, { message: '알 수 없는 지정 사업입니다.' }))),
    name: personName,
    email,
    password: newPassword,
    passwordConfirm: z.string().max(200),
    privacyConsent: z.preprocess(asFlag, z.literal(true, { message: '개인정보 수집·이용에 동의해 주세요.' })),
  })
  .refine((input) => input.password === input.passwordConfirm, {
    path: ['passwordConfirm'],
    message: '비밀번호가 서로 다릅니다.',
    // Checked even when other fields have mistakes, so every message shows at once.
    when: ({ value }) => {
      const { password, passwordConfirm } = (value ?? {}) as Record<string, unknown>;
      return typeof password === 'string' && typeof passwordConfirm === 'string';
    },
  });
export const emailPreferenceSchema = z.object({
  emailPreference: z.enum(EMAIL_PREFERENCES, { message: '메일 알림 방식을 골라 주세요.' }),
});

export type SignupInput = z.infer<typeof signupSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, '현재 비밀번호를 입력해 주세요.'),
  newPassword,
});

export const resetRequestSchema = z.object({ email });
const token = z
  .string({ message: '링크를 확인해 주세요.' })
  .regex(/^[A-Za-z0-9_-]{20,100}$/, '유효하지 않은 링크입니다.');
export const tokenSchema = z.object({ token });
export const resetSchema = z.object({ token, password: newPassword });

export const invitationSchema = z.object({
  email,
  role: z.enum(['engineer', 'institute_manager'], { message: '초대할 역할을 선택해 주세요.' }),
  instituteCode: instituteCode.optional(),
});
export const acceptInvitationSchema = z.object({
  token,
  name: personName,
  password: newPassword,
});
