import { z } from 'zod';
import { calendarDay, multilineText, objectId } from '../core/http/fields';
import { blankAsUndefined } from '../core/http/form-values';
import { DESIGNATIONS } from './model';

const designation = z.enum(DESIGNATIONS, { message: '지정 사업을 목록에서 골라 주세요.' });

export const claimSchema = z.object({ name: designation });

export const companyIdParams = z.object({ companyId: objectId('기업 번호 형식이 아닙니다.') });

/** The desk's decision on a claim: verified until an expiry date, or rejected with a reason. */
export const decisionSchema = z.discriminatedUnion(
  'decision',
  [
    z.object({
      decision: z.literal('verify'),
      name: designation,
      expiresAt: calendarDay({
        message: '지정 만료일을 YYYY-MM-DD로 입력해 주세요.',
        notBefore: () => new Date(),
        pastMessage: '지정 만료일은 오늘 이후여야 합니다.',
      }),
    }),
    z.object({
      decision: z.literal('reject'),
      name: designation,
      reason: z.preprocess(
        blankAsUndefined,
        multilineText(500).pipe(z.string().min(5, '반려 사유를 5자 이상 적어 주세요.')),
      ),
    }),
  ],
  { message: '확인 또는 반려를 골라 주세요.' },
);
