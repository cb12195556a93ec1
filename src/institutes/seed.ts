// Loads the catalogue's institutes into the database, idempotently: catalogue facts
// are overwritten, operational settings (status, capacity) are kept. Their equipment is
// the registry's (src/equipment/seed.ts). One update per document rather than a
// bulkWrite: FerretDB 1.24 hangs on a bulk update of existing documents.
import type { Catalogue } from './catalogue';
import { Institute } from './model';

export async function seedInstitutes(catalogue: Catalogue, catalogueVersion: string): Promise<void> {
  for (const inst of catalogue.institutes) {
    await Institute.updateOne(
      { code: inst.code },
      {
        $set: {
          nameKo: inst.nameKo,
          nameEn: inst.nameEn,
          type: inst.type,
          region: inst.region,
          city: inst.city,
          homeField: inst.homeField,
          fields: inst.fields,
          industries: inst.industries,
          expertise: inst.expertise,
          services: inst.services,
          catalogueVersion,
        },
      },
      { upsert: true },
    );
  }
}
