// Loads the catalogue into the database, idempotently: catalogue facts are
// overwritten, operational settings (status, capacity) are kept, equipment that
// left the catalogue is removed. One update per document rather than a bulkWrite:
// FerretDB 1.24 hangs on a bulk update of existing documents.
import type { Catalogue } from './catalogue';
import { Equipment, Institute } from './model';

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
          equipmentCount: inst.equipment.length,
          catalogueVersion,
        },
      },
      { upsert: true },
    );
  }
  await seedEquipment(catalogue);
}

async function seedEquipment(catalogue: Catalogue): Promise<void> {
  const items = catalogue.institutes.flatMap((inst) =>
    inst.equipment.map((eq) => ({ ...eq, instituteCode: inst.code, region: inst.region, fields: inst.fields })),
  );
  for (const item of items) {
    await Equipment.updateOne({ instituteCode: item.instituteCode, name: item.name }, { $set: item }, { upsert: true });
  }
  const keep = new Set(items.map((i) => `${i.instituteCode}\u0000${i.name}`));
  const existing = await Equipment.find({}, { instituteCode: 1, name: 1 }).lean();
  const stale = existing.filter((e) => !keep.has(`${e.instituteCode}\u0000${e.name}`)).map((e) => e._id);
  if (stale.length) await Equipment.deleteMany({ _id: { $in: stale } });
}
