import mongoose from 'mongoose';
import { readFileSync } from 'node:fs';
const cfg = JSON.parse(readFileSync('/tmp/chk/embedded.json', 'utf8'));
const uri = process.argv[2]!;
const c = await mongoose.mongo.MongoClient.connect(uri);
const db = c.db();
for (const [coll, filter, proj] of [
  ['caserows', { listKeys: 'desk:open' }, {}],
  ['cases', { listKeys: 'desk:open' }, { audit: 0, description: 0, routing: 0 }],
  ['caserows', { listKeys: 'inst:KETI:2026-11' }, {}],
  ['caserows', { listKeys: 'desk:escalated' }, {}],
  ['caserows', { status: 'submitted' }, {}],
  ['caserows', { status: 'routed' }, {}],
  ['caserows', { listKeys: 'desk:due' }, {}],
] as const) {
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const docs = await db.collection(coll).find(filter, { projection: proj }).toArray();
    if (i === 2) console.log(coll, JSON.stringify(filter), docs.length, (performance.now() - t).toFixed(0), 'ms', JSON.stringify(docs[0] ?? {}).length, 'bytes');
  }
}
await c.close();
void cfg;
