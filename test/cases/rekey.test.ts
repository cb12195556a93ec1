import { expect } from 'chai';
import mongoose from 'mongoose';
import { LIST_KEYS_VERSION } from '../../src/cases/list-keys';
import { Case } from '../../src/cases/model';
import { rekeyCases } from '../../src/cases/rekey';
import { testLogger } from '../support/logger';
import { demoData } from '../support/demo';

describe('case re-keying', function () {
  this.timeout(60_000);
  before(() => demoData());

  it('recomputes stale list keys once when the key scheme changes, and not again', async () => {
    const submitted = await Case.findOne({ status: 'routed' }).lean();
    if (!submitted) throw new Error('no routed demo case');
    await Case.updateOne({ _id: submitted._id }, { $set: { listKeys: ['desk:2026-W49'] } });
    await mongoose.connection.collection<{ _id: string }>('meta').deleteOne({ _id: 'case-list-keys' });

    expect(await rekeyCases(testLogger)).to.be.at.least(1);
    const after = await Case.findById(submitted._id).lean();
    expect(after?.listKeys).to.include('desk:open').and.not.include('desk:2026-W49');
    expect(after?.rev, 'derived keys are not a change of the case').to.equal(submitted.rev);

    expect(await rekeyCases(testLogger)).to.equal(0);
    const stored = await mongoose.connection
      .collection<{ _id: string; version: number }>('meta')
      .findOne({ _id: 'case-list-keys' });
    expect(stored?.version).to.equal(LIST_KEYS_VERSION);
  });
});
