// The index the app and the routing scripts use: the consortium catalogue as shipped
// (catalogue.json) with the institutes' capability profiles (profiles.json) and the
// needs of the labelled training requests (examples.ts).
import { seedCatalogue, seedCatalogueVersion } from '../institutes/catalogue';
import { profileEntries } from '../institutes/profiles';
import { buildRoutingIndex, type BuildIndexOptions, type RoutingIndex } from './build-index';
import { trainingExamples } from './examples';

export function seedRoutingIndex(options: BuildIndexOptions = {}): RoutingIndex {
  return buildRoutingIndex(seedCatalogue(), {
    catalogueVersion: seedCatalogueVersion(),
    profiles: profileEntries(),
    examples: trainingExamples(),
    ...options,
  });
}
