// Routing inside the app: the pure engine fed with the seed catalogue and the live
// operational signals (institute status, open load, feedback) from the database; the
// open load is a counter kept by load.ts.
import { Institute } from '../institutes/model';
import { routeCase, seedRoutingIndex, type RoutingIndex } from './index';
import { recentFeedback } from './feedback-store';
import type { InstituteSignal, RoutingRequest, RoutingResult } from './types';

let index: RoutingIndex | undefined;

function catalogueIndex() {
  index ??= seedRoutingIndex();
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
