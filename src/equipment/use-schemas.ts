// What the forms and the API send to request an instrument and to move a request on.
import { z } from 'zod';
import { calendarDay, lineText, multilineText, objectId } from '../core/http/fields';
import { blankAsUndefined } from '../core/http/form-values';

/** The longest stay an instrument can be booked for at once. */
export const MAX_BOOKED_DAYS = 31;
const DAY_MS = 86_400_000;

const day = (message: string) =>
  calendarDay({ message, notBefore: () => new Date(), pastMessage: '오늘 이후 날짜를 골라 주세요.' });

const sampleCount = z.coerce
  .number({ message: '시료 수를 숫자로 입력해 주세요.' })
  .int('시료 수는 정수로 입력해 주세요.')
  .min(0, '시료 수는 0 이상입니다.')
  .max(10_000, '시료 수가 너무 많습니다.');

/** The last day must not come before the first, nor more than MAX_BOOKED_DAYS after it. */
function daysInOrder(value: { from: Date; to: Date }, ctx: z.RefinementCtx, toKey: string) {
  if (value.to < value.from)
    ctx.addIssue({ code: 'custom', path: [toKey], message: '끝나는 날이 시작하는 날보다 앞입니다.' });
  else if ((value.to.getTime() - value.from.getTime()) / DAY_MS + 1 > MAX_BOOKED_DAYS)
    ctx.addIssue({ code: 'custom', path: [toKey], message: `한 번에 ${MAX_BOOKED_DAYS}일까지 요청할 수 있습니다.` });
}

/** The case a request is made on: read first, so the request is authorised before its form. */
export const requestCaseSchema = z.object({ caseId: objectId('과제를 골라 주세요.') });

export const useRequestSchema = requestCaseSchema
  .extend({
    purpose: lineText(300).min(2, '사용 목적을 2자 이상 입력해 주세요.'),
    sampleCount,
    sampleKind: z.preprocess(blankAsUndefined, lineText(100).optional()),
    desiredFrom: day('희망 시작일을 YYYY-MM-DD로 골라 주세요.'),
    desiredTo: day('희망 종료일을 YYYY-MM-DD로 골라 주세요.'),
    note: z.preprocess(blankAsUndefined, multilineText(1000).optional()),
  })
  .superRefine((v, ctx) => daysInOrder({ from: v.desiredFrom, to: v.desiredTo }, ctx, 'desiredTo'));
export type UseRequestInput = z.infer<typeof useRequestSchema>;

export const useIdParams = z.object({ id: objectId('장비 사용 요청 번호 형식이 아닙니다.') });

export const confirmUseSchema = z
  .object({
    from: day('시작일을 YYYY-MM-DD로 골라 주세요.'),
    to: day('종료일을 YYYY-MM-DD로 골라 주세요.'),
    feeEstimate: z.coerce
      .number({ message: '예상 이용료를 원 단위 숫자로 입력해 주세요.' })
      .int('예상 이용료는 원 단위 정수로 입력해 주세요.')
      .min(0, '예상 이용료는 0 이상입니다.')
      .max(1_000_000_000, '예상 이용료가 너무 큽니다.'),
  })
  .superRefine((v, ctx) => daysInOrder(v, ctx, 'to'));
export type ConfirmUseInput = z.infer<typeof confirmUseSchema>;

export const reasonSchema = z.object({ reason: lineText(500).min(2, '사유를 2자 이상 입력해 주세요.') });

export const completeUseSchema = z.object({
  reportFileId: objectId('시험 성적서 파일을 골라 주세요.'),
  note: z.preprocess(blankAsUndefined, multilineText(1000).optional()),
});
export type CompleteUseInput = z.infer<typeof completeUseSchema>;
