// Loading the registry at start: the catalogue's representative items (always), and,
// with demo data, the generated demo registry (demo-registry.ts) unless this version
// of it is already there. Both go through writeRegistry, so they are idempotent.
import type { Catalogue } from '../institutes/catalogue';
import { registryChanged } from './catalog';
import { DEMO_REGISTRY_VERSION, demoRegistry } from './demo-registry';
import { writeRegistry, type WriteResult } from './registry';
import type { RegistryRow } from './registry-row';
import { readHead } from './snapshot';

/** The catalogue's representative items as registry rows ("KRICT-R01"…). */
export function catalogueRows(catalogue: Catalogue): RegistryRow[] {
  return catalogue.institutes.flatMap((institute) =>
    institute.equipment.map((item, i) => ({
      instituteCode: institute.code,
      registryId: `${institute.code}-R${String(i + 1).padStart(2, '0')}`,
      name: item.name,
      nameEn: item.nameEn,
      model: '',
      maker: '',
      category: '',
      uses: item.capabilities,
      usesEn: [],
      specs: [],
      location: '',
      status: 'available' as const,
    })),
  );
}

export async function seedCatalogueEquipment(catalogue: Catalogue): Promise<WriteResult> {
  const result = await writeRegistry(catalogueRows(catalogue), { source: 'catalogue', replace: true });
  registryChanged();
  return result;
}

/** Writes the demo registry unless its current version is there already; null when nothing was written. */
export async function seedDemoRegistry(size?: number): Promise<WriteResult | null> {
  if ((await readHead())?.demoVersion === DEMO_REGISTRY_VERSION) return null;
  const result = await writeRegistry(demoRegistry(size), {
    source: 'demo',
    replace: true,
    demoVersion: DEMO_REGISTRY_VERSION,
  });
  registryChanged();
  return result;
}
