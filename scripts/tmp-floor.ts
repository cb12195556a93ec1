import mongoose from 'mongoose';
const c = await mongoose.mongo.MongoClient.connect(process.argv[2]!);
const db = c.db();
const t0 = db.collection('tmpfloor');
await t0.deleteMany({});
const docs = Array.from({ length: 4420 }, (_, i) => ({ _id: new mongoose.Types.ObjectId(), k: ['desk:open', `x:${i % 7}`], s: i % 3 === 0, u: new Date(Date.now() - i * 1000) }));
for (let i = 0; i < docs.length; i += 500) await t0.insertMany(docs.slice(i, i + 500));
for (const [coll, proj] of [['tmpfloor', {}], ['caserows', { _id: 1 }], ['caserows', {}]] as const) {
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const found = await db.collection(coll).find(coll === 'caserows' ? { listKeys: 'desk:open' } : { k: 'desk:open' }, { projection: proj }).toArray();
    if (i === 2) console.log(coll, proj, found.length, (performance.now() - t).toFixed(0), 'ms');
  }
}
await t0.drop();
await c.close();
