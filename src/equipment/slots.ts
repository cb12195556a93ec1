// An instrument's booking calendar: one slot document per booked day (use-model.ts).
// Booking inserts the days one by one; a day already taken stops it, and the days
// this booking took are given back, so a booking is all its days or none. A day held
// by a request that is no longer scheduled (its owner crashed between booking and
// saving the request) is stale: it is released and the booking tried once more.
import { isDuplicateKey } from '../core/errors';
import { EquipmentSlot, EquipmentUse } from './use-model';

const DAY_MS = 86_400_000;

/** Every day from `from` to `to`, inclusive, as "YYYY-MM-DD". */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += DAY_MS)
    days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

const slotId = (equipmentId: string, day: string) => `${equipmentId}:${day}`;

/**
 * A confirmation books its days first and saves its request a moment later, so a day
 * whose owner does not hold it yet is stale only once it is older than this.
 */
const BOOKING_GRACE_MS = 120_000;

async function isStale(slot: { useId: string; day: string; at?: Date | null }): Promise<boolean> {
  const owner = await EquipmentUse.findById(slot.useId, { status: 1, slot: 1 }).lean();
  if (!owner) return true;
  const holds =
    (owner.status === 'scheduled' || owner.status === 'done') &&
    !!owner.slot?.from &&
    !!owner.slot.to &&
    owner.slot.from <= slot.day &&
    slot.day <= owner.slot.to;
  return !holds && Date.now() - (slot.at?.getTime() ?? 0) > BOOKING_GRACE_MS;
}

/** Takes one day: inserted, or taken over from a stale holder; false when someone holds it. */
async function claimDay(
  slot: { _id: string; useId: string } & Record<string, unknown>,
  retry = true,
): Promise<boolean> {
  try {
    await EquipmentSlot.create(slot);
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  const held = await EquipmentSlot.findById(slot._id).lean();
  if (held?.useId === slot.useId) return true;
  if (!retry || (held && !(await isStale(held)))) return false;
  if (held) await EquipmentSlot.deleteOne({ _id: slot._id, useId: held.useId });
  return claimDay(slot, false);
}

/** Books the days for a use request; returns the first day already taken, or null when all are booked. */
export async function bookDays(equipmentId: string, useId: string, days: string[]): Promise<string | null> {
  const taken: string[] = [];
  for (const day of days) {
    const slot = {
      _id: slotId(equipmentId, day),
      equipmentId,
      month: slotId(equipmentId, day.slice(0, 7)),
      day,
      useId,
      at: new Date(),
    };
    if (!(await claimDay(slot))) {
      await releaseDays(equipmentId, useId, taken);
      return day;
    }
    taken.push(day);
  }
  return null;
}

export async function releaseDays(equipmentId: string, useId: string, days: string[]): Promise<void> {
  for (const day of days) await EquipmentSlot.deleteOne({ _id: slotId(equipmentId, day), useId });
}

/** The booked days of an instrument in the given months ("YYYY-MM"). */
export async function bookedDays(equipmentId: string, months: string[]): Promise<Set<string>> {
  const found = await Promise.all(
    months.map((month) => EquipmentSlot.find({ month: slotId(equipmentId, month) }, { day: 1 }).lean()),
  );
  return new Set(found.flat().map((s) => s.day));
}
