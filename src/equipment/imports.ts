// Importing a registry file, from the desk's upload page or `npm run import:equipment`:
// read and check every row (import-file.ts), then write them all or none.
import type { Actor } from '../accounts/roles';
import { authorize } from '../policy/policy';
import { registryChanged } from './catalog';
import { parseRegistryFile, type Rejection } from './import-file';
import { writeRegistry, type WriteResult } from './registry';

export type ImportReport =
  { imported: true; read: number; result: WriteResult } | { imported: false; read: number; rejected: Rejection[] };

/** Rejected rows shown at most; the count says how many there were. */
export const SHOWN_REJECTIONS = 200;

export async function importRegistryFile(actor: Actor | null, data: Buffer, filename: string): Promise<ImportReport> {
  if (actor) authorize(actor, 'equipment:import');
  const parsed = await parseRegistryFile(data, filename);
  if (parsed.rejected.length) return { imported: false, read: parsed.read, rejected: parsed.rejected };
  const result = await writeRegistry(parsed.rows, { source: 'import' });
  registryChanged();
  return { imported: true, read: parsed.read, result };
}
