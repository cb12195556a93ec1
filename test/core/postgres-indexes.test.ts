// The embedded database answers the app's hot query shapes from an index: FerretDB
// pushes the filter down to PostgreSQL, and PostgreSQL's plan for it — returned by
// FerretDB's explain, so made with FerretDB's own connection settings — uses the GIN
// index of core/db/postgres-indexes.ts for that field.
import { expect } from 'chai';
import mongoose from 'mongoose';
import pg from 'pg';
import {
  collectionTables,
  ensurePostgresIndexes,
  indexName,
  PUSHED_DOWN_FIELDS,
} from '../../src/core/db/postgres-indexes';
import { testDatabase } from '../support/database';

type PlanNode = { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] };
type Explained = { filterPushdown: boolean; queryPlanner: { Plan: PlanNode } };

function indexesUsed(node: PlanNode): string[] {
  const own = node['Index Name'] ? [node['Index Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(indexesUsed)];
}

async function explain(collection: string, filter: Record<string, unknown>): Promise<Explained> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  return (await db.command({ explain: { find: collection, filter } })) as unknown as Explained;
}

const id = new mongoose.Types.ObjectId();
const HOT_QUERIES: [string, Record<string, unknown>][] = [
  ['cases', { _id: id }],
  ['cases', { companyId: id }],
  ['cases', { listKeys: 'inst:KETI:open' }],
  ['cases', { status: 'routed' }],
  ['cases', { number: '2026-00001' }],
  ['cases', { changePending: true }],
  ['caserows', { listKeys: 'inst:KETI:open' }],
  ['liststamps', { _id: 'desk:queue' }],
  ['sessions', { _id: 'a-session-id' }],
  ['users', { email: 'company1@demo.test', active: true }],
  ['notifications', { unreadFor: 'a-user' }],
  ['chatentries', { _id: `${String(id)}:0000000001` }],
  ['chatreads', { _id: `${String(id)}:a-user` }],
  ['revisionclaims', { _id: `case:${String(id)}:3` }],
  ['equipment', { _id: id }],
  ['equipment', { instituteCode: 'KRICT', source: 'catalogue' }],
  ['equipmentsnapshots', { revision: 'a-revision' }],
  ['equipmentuses', { caseId: id }],
  ['equipmentuses', { listKeys: 'inst:KBSI:open' }],
  ['equipmentslots', { month: `${String(id)}:2026-12` }],
  ['companies', { designationReview: true }],
  ['adminaudits', { month: '2026-11' }],
  ['users', { role: 'institute_manager' }],
];

describe('PostgreSQL indexes of the embedded database', function () {
  this.timeout(60_000);
  let client: pg.Client;
  before(async () => {
    client = new pg.Client({ connectionString: (await testDatabase()).embedded.postgresUrl });
    await client.connect();
  });
  after(() => client.end());

  for (const [collection, filter] of HOT_QUERIES) {
    it(`serves ${collection} ${JSON.stringify(filter)} from an index`, async () => {
      const explained = await explain(collection, filter);
      expect(explained.filterPushdown, 'pushed down to PostgreSQL').to.equal(true);
      const table = (await collectionTables(client)).get(collection) as string;
      const field = Object.keys(filter)[0] as string;
      expect(indexesUsed(explained.queryPlanner.Plan), `${collection}.${field}`).to.include(indexName(table, field));
    });
  }

  it('declares an index for the field of every hot query', () => {
    for (const [collection, filter] of HOT_QUERIES) {
      const fields = PUSHED_DOWN_FIELDS[collection] ?? [];
      expect(
        Object.keys(filter).some((f) => fields.includes(f)),
        collection,
      ).to.equal(true);
    }
  });

  it('is not pushed down when wrapped in $and, which is why the app never wraps filters', async () => {
    const explained = await explain('cases', { $and: [{ listKeys: 'inst:KETI:open' }] });
    expect(explained.filterPushdown).to.equal(false);
  });

  it('creates the indexes idempotently', async () => {
    const { embedded } = await testDatabase();
    await ensurePostgresIndexes(embedded.postgresUrl);
    await ensurePostgresIndexes(embedded.postgresUrl);
    expect((await explain('cases', { listKeys: 'desk:open' })).filterPushdown).to.equal(true);
  });
});
