// Field schemas every input schema builds on, so that ids, texts and dates are checked
// the same way everywhere and each failure names its field in Korean.
import { z } from 'zod';

const KST_OFFSET_MS = 9 * 3600_000;
/** C0/C1 control characters and Unicode bidi overrides; a multi-line text may keep \n, \r and \t. */
const CONTROL_LINE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const CONTROL_MULTILINE = /(?![\n\r\t])[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const CONTROL_MESSAGE = '제어 문자는 쓸 수 없습니다.';

/** A database id (24 hexadecimal digits). */
export const objectId = (message = '번호 형식이 아닙니다.') => z.string({ message }).regex(/^[a-f0-9]{24}$/, message);

const TEXT_EXPECTED = '글자로 입력해 주세요.';

/** One line of text: trimmed, bounded, without control characters. */
export const lineText = (max: number, expected = TEXT_EXPECTED) =>
  z
    .string({ message: expected })
    .trim()
    .max(max, `${max.toLocaleString('ko-KR')}자 이하로 입력해 주세요.`)
    .refine((v) => !CONTROL_LINE.test(v), CONTROL_MESSAGE);

/** Text that may span lines: trimmed, bounded, without other control characters. */
export const multilineText = (max: number, expected = TEXT_EXPECTED) =>
  z
    .string({ message: expected })
    .trim()
    .max(max, `${max.toLocaleString('ko-KR')}자 이하로 입력해 주세요.`)
    .refine((v) => !CONTROL_MULTILINE.test(v), CONTROL_MESSAGE);

/** The Korea-time day of a moment, "YYYY-MM-DD". */
export const koreaDay = (at: Date) => new Date(at.getTime() + KST_OFFSET_MS).toISOString().slice(0, 10);

type DateRule = { message: string; notBefore?: () => Date; pastMessage?: string };

/**
 * A calendar day written YYYY-MM-DD that exists (no 2026-02-30), between 2000 and
 * 2100, as the start of that day in Korea time. `notBefore` refuses earlier days.
 */
export const calendarDay = ({ message, notBefore, pastMessage }: DateRule) =>
  z
    .string({ message })
    .regex(/^(20\d\d|2100)-\d\d-\d\d$/, message)
    .transform((v, ctx) => {
      const at = new Date(`${v}T00:00:00+09:00`);
      if (Number.isNaN(at.getTime()) || koreaDay(at) !== v) {
        ctx.addIssue({ code: 'custom', message: '없는 날짜입니다.' });
        return z.NEVER;
      }
      if (notBefore && v < koreaDay(notBefore())) {
        ctx.addIssue({ code: 'custom', message: pastMessage ?? '오늘 이후 날짜를 골라 주세요.' });
        return z.NEVER;
      }
      return at;
    });
