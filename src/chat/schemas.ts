import { z } from 'zod';
import { multilineText } from '../core/http/fields';
import { CHAT_TEXT_MAX, HISTORY_MAX } from './service';

const caseId = z
  .string({ message: '과제 번호가 필요합니다.' })
  .regex(/^[0-9a-f]{24}$/, '과제 번호가 올바르지 않습니다.');
const seq = z.number({ message: '메시지 번호는 숫자여야 합니다.' }).int('메시지 번호는 정수여야 합니다.').min(0);

export const joinSchema = z.object({ caseId, after: seq.optional() });

export const sendSchema = z
  .object({
    caseId,
    clientId: z
      .string({ message: '메시지 식별자(clientId)가 필요합니다.' })
      .regex(/^[A-Za-z0-9_-]{8,64}$/, '메시지 식별자(clientId)는 영문·숫자·-·_ 8~64자여야 합니다.'),
    text: multilineText(CHAT_TEXT_MAX, '메시지를 입력해 주세요.'),
    attachmentId: z
      .string()
      .regex(/^[0-9a-f]{24}$/, '첨부 파일 번호가 올바르지 않습니다.')
      .optional(),
  })
  .refine((v) => v.text.length > 0 || !!v.attachmentId, { path: ['text'], message: '메시지를 입력해 주세요.' });

export const readSchema = z.object({ caseId, upTo: seq });
export const typingSchema = z.object({ caseId, typing: z.boolean() });
export const leaveSchema = z.object({ caseId });

export const historyQuerySchema = z.object({
  before: z
    .string()
    .regex(/^[0-9a-f]{24}:\d{10}$/, '메시지 번호(before)가 올바르지 않습니다.')
    .optional(),
  limit: z.coerce
    .number({ message: 'limit은 숫자여야 합니다.' })
    .int('limit은 정수여야 합니다.')
    .min(1, 'limit은 1 이상이어야 합니다.')
    .max(HISTORY_MAX, `limit은 ${HISTORY_MAX} 이하여야 합니다.`)
    .default(30),
});

export const unreadQuerySchema = z.object({
  cases: z.string().regex(/^[0-9a-f]{24}(,[0-9a-f]{24}){0,99}$/, '과제 번호 목록(cases)이 올바르지 않습니다.'),
});
