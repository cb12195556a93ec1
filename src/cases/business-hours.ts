// Service-level clock: business hours are 09:00–18:00 Korea time, Monday to Friday.
// Korea has no daylight saving, so a fixed +9 hours offset is exact. Public holidays
// are not modelled.
const KST_OFFSET_MS = 9 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const OPEN_HOUR = 9;
const CLOSE_HOUR = 18;

const toKst = (d: Date) => new Date(d.getTime() + KST_OFFSET_MS);
const fromKst = (d: Date) => new Date(d.getTime() - KST_OFFSET_MS);
const isWeekday = (kst: Date) => kst.getUTCDay() >= 1 && kst.getUTCDay() <= 5;

function atHour(kst: Date, hour: number): Date {
  const d = new Date(kst);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
}

function nextOpening(kst: Date): Date {
  let d = kst;
  if (d >= atHour(d, CLOSE_HOUR)) d = atHour(new Date(d.getTime() + 24 * HOUR_MS), OPEN_HOUR);
  else if (d < atHour(d, OPEN_HOUR)) d = atHour(d, OPEN_HOUR);
  while (!isWeekday(d)) d = atHour(new Date(d.getTime() + 24 * HOUR_MS), OPEN_HOUR);
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
