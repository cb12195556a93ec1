// Service-level clock: business hours are 09:00–18:00 Korea time on working days —
// Monday to Friday except Korea's public holidays (substitute and election days
// included) as published in the official gazette, from @hyunbinseo/holidays-kr (its
// data runs to 2027; later years count weekends only until the package is updated).
// Korea has no daylight saving, so a fixed +9 hours offset is exact.
import * as gazette from '@hyunbinseo/holidays-kr/all';

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const OPEN_HOUR = 9;
const CLOSE_HOUR = 18;

const HOLIDAYS: ReadonlySet<string> = new Set(Object.values(gazette).flatMap((year) => Object.keys(year)));

const toKst = (d: Date) => new Date(d.getTime() + KST_OFFSET_MS);
const fromKst = (d: Date) => new Date(d.getTime() - KST_OFFSET_MS);
const isWeekday = (kst: Date) => kst.getUTCDay() >= 1 && kst.getUTCDay() <= 5;

/** Whether a Korea-time moment (shifted by +9 h) falls on a working day. */
const isWorkingDay = (kst: Date) => isWeekday(kst) && !HOLIDAYS.has(kst.toISOString().slice(0, 10));

function atHour(kst: Date, hour: number): Date {
  const d = new Date(kst);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
}

function nextOpening(kst: Date): Date {
  let d = kst;
  if (d >= atHour(d, CLOSE_HOUR)) d = atHour(new Date(d.getTime() + 24 * HOUR_MS), OPEN_HOUR);
  else if (d < atHour(d, OPEN_HOUR)) d = atHour(d, OPEN_HOUR);
  while (!isWorkingDay(d)) d = atHour(new Date(d.getTime() + 24 * HOUR_MS), OPEN_HOUR);
  return d;
}

/** The moment `hours` business hours after `start`. */
export function addBusinessHours(start: Date, hours: number): Date {
  let kst = nextOpening(toKst(start));
  let remaining = hours * HOUR_MS;
  for (;;) {
    const left = atHour(kst, CLOSE_HOUR).getTime() - kst.getTime();
    if (remaining <= left) return fromKst(new Date(kst.getTime() + remaining));
    remaining -= left;
    kst = nextOpening(atHour(kst, CLOSE_HOUR));
  }
}

/** Business hours from `from` to `to`; negative when `to` is already past (an SLA breached that long ago). */
export function businessHoursBetween(from: Date, to: Date): number {
  if (to < from) return -businessHoursBetween(to, from);
  let kst = nextOpening(toKst(from));
  const end = toKst(to);
  let total = 0;
  while (kst < end) {
    const close = atHour(kst, CLOSE_HOUR);
    total += Math.min(close.getTime(), end.getTime()) - kst.getTime();
    kst = nextOpening(close);
  }
  return total / HOUR_MS;
}
