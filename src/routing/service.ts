// Routing inside the app: the pure engine fed with the seed catalogue and the live
// operational signals (institute status, open load, feedback) from the database.
import { seedCatalogue, seedCatalogueVersion } from '../institutes/catalogue';
import { Institute } from '../institutes/model';
import { Case } from '../cases/model';
import { OPEN_STATUSES } from '../cases/lifecycle';
import { buildRoutingIndex, routeCase } from './index';
import { recentFeedback } from './feedback-store';
import type { InstituteSignal, RoutingRequest, RoutingResult } from './types';

let index: ReturnType<typeof buildRoutingIndex> | undefined;

function catalogueIndex() {
  index ??= buildRoutingIndex(seedCatalogue(), { catalogueVersion: seedCatalogueVersion() });
  return index;
}

/** Forgets the built index so the next routing uses the catalogue as it is now. */
export function rebuildRoutingIndex(): void {
  index = undefined;
}

async function instituteSignals(): Promise<Record<string, InstituteSignal>> {
  const [institutes, loads] = await Promise.all([
    Institute.find({}, { code: 1, status: 1, capacity: 1 }).lean(),
    Case.find({ status: { $in: OPEN_STATUSES } }, { lead: 1, offeredTo: 1 }).lean(),
  ]);
  const openLoad = new Map<string, number>();
  for (const c of loads) {
    const code = c.lead ?? c.offeredTo;
    if (code) openLoad.set(code, (openLoad.get(code) ?? 0) + 1);
  }
  return Object.fromEntries(
    institutes.map((i) => [
      i.code,
      { status: i.status ?? 'active', capacity: i.capacity ?? undefined, openLoad: openLoad.get(i.code) ?? 0 },
    ]),
  );
}

export async function routeRequest(request: RoutingRequest): Promise<RoutingResult> {
  const [institutes, feedback] = await Promise.all([instituteSignals(), recentFeedback()]);
  return routeCase(catalogueIndex(), request, { institutes, feedback });
}
