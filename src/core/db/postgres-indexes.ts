// The PostgreSQL-side indexes of the embedded FerretDB, and all the knowledge of how
// FerretDB 1.24 stores documents that the app relies on. Nothing else in the app may
// depend on it; on MongoDB the schemas' own indexes serve the same queries.
//
// FerretDB keeps each collection as a table with one `_jsonb` column and pushes a
// top-level equality filter (`{field: value}`, several ANDed) down to PostgreSQL as
// `_jsonb->'field' @> 'value'`. Its own indexes are btree and cannot serve `@>`; a GIN
// index on the expression `(_jsonb->'field') jsonb_path_ops` can, for scalars and for
// an array containing the value alike. Filters under `$and`/`$or`/`$in` and ranges
// are never pushed down, so the app's hot queries are plain equalities on these fields.
import pg from 'pg';
import { MONGO_DATABASE } from './embedded-ferretdb';

/** collection → the fields its hot queries filter on by equality. */
export const PUSHED_DOWN_FIELDS: Record<string, string[]> = {
  cases: ['_id', 'companyId', 'listKeys', 'status', 'number', 'changePending'],
  caserows: ['_id', 'listKeys'],
  liststamps: ['_id'],
  sessions: ['_id'],
  users: ['_id', 'email', 'instituteCode', 'companyId', 'role'],
  companies: ['_id', 'businessNumber', 'designationReview'],
  adminaudits: ['month'],
  notifications: ['_id', 'box', 'unreadFor'],
  revisionclaims: ['_id'],
  counters: ['_id'],
  meta: ['_id'],
  onetimetokens: ['_id'],
  chatentries: ['_id'],
  chatrooms: ['_id'],
  chatreads: ['_id'],
  routingfeedbacks: ['month'],
  dashboardstamps: ['_id'],
  dashboardmonths: ['_id'],
  equipment: ['_id', 'instituteCode', 'source'],
  equipmentsnapshots: ['_id', 'revision'],
  equipmentuses: ['_id', 'caseId', 'listKeys'],
  equipmentslots: ['_id', 'month', 'useId'],
};

const METADATA_TABLE = '_ferretdb_database_metadata';

export function indexName(table: string, field: string): string {
  const safeField = field.replace(/[^a-z0-9]/gi, '').toLowerCase() || 'id';
  return `${table}_${safeField}_gin`.slice(0, 63);
}

/** FerretDB's table for each existing collection of the app's database. */
export async function collectionTables(client: pg.Client): Promise<Map<string, string>> {
  const found = await client.query<{ collection: string; table: string }>(
    `SELECT _jsonb->>'_id' AS collection, _jsonb->>'table' AS table FROM ${pg.escapeIdentifier(MONGO_DATABASE)}.${METADATA_TABLE}`,
  );
  return new Map(found.rows.map((r) => [r.collection, r.table]));
}

/** Creates the missing GIN indexes (idempotent; only what is missing is built). */
export async function ensurePostgresIndexes(postgresUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const tables = await collectionTables(client);
    for (const [collection, fields] of Object.entries(PUSHED_DOWN_FIELDS)) {
      const table = tables.get(collection);
      if (!table) continue;
      for (const field of fields) {
        const name = indexName(table, field);
        const qualified = `${pg.escapeIdentifier(MONGO_DATABASE)}.${pg.escapeIdentifier(table)}`;
        await client.query(
          `CREATE INDEX IF NOT EXISTS ${pg.escapeIdentifier(name)} ON ${qualified} USING gin ((_jsonb->${pg.escapeLiteral(field)}) jsonb_path_ops)`,
        );
      }
    }
  } finally {
    await client.end();
  }
}
