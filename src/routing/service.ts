// Routing inside the app: the pure engine fed with the seed catalogue and the live
// operational signals (institute status, open load, feedback) from the database; the
// open load is a counter kept by load.ts.
import { seedCatalogue, seedCatalogueVersion } from '../institutes/catalogue';
import { Institute } from '../institutes/model';
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
  const institutes = await Institute.find({}, { code: 1, status: 1, capacity: 1, openLoad: 1 }).lean();
  return Object.fromEntries(
    institutes.map((i) => [
      i.code,
      { status: i.status ?? 'active', capacity: i.capacity ?? undefined, openLoad: Math.max(0, i.openLoad ?? 0) },
    ]),
  );
}

export async function routeRequest(request: RoutingRequest): Promise<RoutingResult> {
  const [institutes, feedback] = await Promise.all([instituteSignals(), recentFeedback()]);
  return routeCase(catalogueIndex(), request, { institutes, feedback });
}
