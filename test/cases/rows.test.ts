import { expect } from 'chai';
import mongoose from 'mongoose';
import { Case, type CaseDoc } from '../../src/cases/model';
import { LIST_KEYS_VERSION } from '../../src/cases/list-keys';
import { rekeyCases } from '../../src/cases/rekey';
import { rowsOfKeys } from '../../src/cases/list-cache';

const rowsOf = async (key: string) => (await rowsOfKeys([key])).get(key) ?? [];
import { CaseRow } from '../../src/cases/row-model';
import { stampsIn } from '../../src/core/db/stamps';
import { replayPendingChanges } from '../../src/cases/changes';
import { writeRow } from '../../src/cases/rows';
import { SYSTEM_ACTOR, updateCase } from '../../src/cases/store';
import { subscribeToCaseChanges } from '../../src/subscriptions';
import { testContext } from '../support/app';
import { demoData } from '../support/demo';
import { testLogger } from '../support/logger';

async function routedCase(): Promise<CaseDoc> {
  const found = await Case.findOne({ status: 'routed' }).lean<CaseDoc>();
  if (!found) throw new Error('no routed demo case');
  return found;
}

describe('case list rows', function () {
  this.timeout(60_000);
  before(async () => {
    await demoData();
    subscribeToCaseChanges(testContext());
  });

  it('follow every change of the case, in the same call, and clear its mark', async () => {
    const before = await routedCase();
    await rowsOf('desk:escalated');
    const after = await updateCase(
      SYSTEM_ACTOR,
      before,
      { set: { escalated: true }, audit: { action: 'escalate' } },
      new Date(),
    );
    const row = await CaseRow.findById(before._id).lean();
    expect(row?.rev).to.equal(after.rev);
    const escalated = await rowsOf('desk:escalated');
    expect(
      escalated.map((r) => String(r._id)),
      'a list held before the change',
    ).to.include(String(before._id));
    expect(row?.escalated).to.equal(true);
    expect(row?.listKeys).to.include('desk:escalated');
    expect((await Case.findById(before._id).lean())?.changePending).to.equal(undefined);

    await updateCase(SYSTEM_ACTOR, after, { set: { escalated: false }, audit: { action: 'de-escalate' } }, new Date());
    const left = await rowsOf('desk:escalated');
    expect(
      left.map((r) => String(r._id)),
      'a held list the case left',
    ).to.not.include(String(before._id));
  });

  it("never hide another process's change behind this process's own later change", async () => {
    const c = await routedCase();
    const other = await Case.findOne({ companyId: c.companyId, _id: { $ne: c._id } }).lean<CaseDoc>();
    if (!other) throw new Error('a second case of the company needed');
    const list = `co:${String(c.companyId)}`;
    await rowsOf(list);
    // Another process changes a row of the list and restamps it…
    await CaseRow.updateOne({ _id: other._id }, { $set: { title: '다른 프로세스가 바꾼 제목' } });
    await stampsIn('liststamps').restamp([list]);
    // …then this process changes another case of the same list.
    await updateCase(
      SYSTEM_ACTOR,
      c,
      { set: { supplyChainItem: !c.supplyChainItem }, audit: { action: 'edit' } },
      new Date(),
    );

    const held = await rowsOf(list);
    expect(held.find((r) => String(r._id) === String(other._id))?.title).to.equal('다른 프로세스가 바꾼 제목');
    await CaseRow.updateOne({ _id: other._id }, { $set: { title: other.title } });
    await stampsIn('liststamps').restamp([list]);
  });

  it('held by this process are read again when another process changed them', async () => {
    const c = await routedCase();
    await rowsOf('desk:queue');
    await CaseRow.updateOne({ _id: c._id }, { $set: { title: '다른 프로세스의 변경' } });
    await stampsIn('liststamps').restamp(['desk:queue']);

    const held = await rowsOf('desk:queue');
    expect(held.find((r) => String(r._id) === String(c._id))?.title).to.equal('다른 프로세스의 변경');
    await CaseRow.updateOne({ _id: c._id }, { $set: { title: c.title } });
    await stampsIn('liststamps').restamp(['desk:queue']);
  });

  it('are repaired from cases whose change did not reach the row (a crash in between)', async () => {
    const c = await routedCase();
    const crashAfterCaseWrite = (title: string) =>
      Case.updateOne({ _id: c._id }, { $set: { title, changePending: true }, $inc: { rev: 1 } });
    const titleInQueue = async () => (await rowsOf('desk:queue')).find((r) => String(r._id) === String(c._id))?.title;
    expect(await titleInQueue(), 'the queue is held in memory').to.equal(c.title);
    await crashAfterCaseWrite('충돌 뒤 고친 제목');

    expect(await replayPendingChanges()).to.be.at.least(1);
    expect(await titleInQueue(), 'the held queue is stale after a repair').to.equal('충돌 뒤 고친 제목');
    const row = await CaseRow.findById(c._id).lean();
    expect(row?.title).to.equal('충돌 뒤 고친 제목');
    expect(row?.rev).to.equal(c.rev + 1);
    expect(await Case.countDocuments({ changePending: true })).to.equal(0);

    await crashAfterCaseWrite(c.title);
    await replayPendingChanges();
  });

  it('are never replaced by an older revision of the case', async () => {
    const c = await routedCase();
    await writeRow({ ...c, rev: c.rev + 5, title: '나중 변경' }, []);
    await writeRow({ ...c, title: '먼저 변경' }, []);
    expect((await CaseRow.findById(c._id).lean())?.title).to.equal('나중 변경');
    await writeRow(
      await Case.findByIdAndUpdate(c._id, { $set: { rev: c.rev + 5 } }, { returnDocument: 'after' })
        .lean<CaseDoc>()
        .orFail(),
      [],
    );
  });

  it('are rebuilt for every case when the key scheme changes', async () => {
    const c = await routedCase();
    await CaseRow.deleteOne({ _id: c._id });
    await mongoose.connection.collection<{ _id: string }>('meta').deleteOne({ _id: 'case-list-keys' });

    await rekeyCases(testLogger);
    expect((await CaseRow.findById(c._id).lean())?.number).to.equal(c.number);
    expect(LIST_KEYS_VERSION).to.be.at.least(3);
  });
});
