// A case change fans out (list row, dashboard, load, chat system message) after its
// write; one cut short keeps its mark and is replayed, so nothing it should have caused
// is lost.
import { expect } from 'chai';
import { onCaseChange, replayPendingChanges } from '../../src/cases/changes';
import { Case, type CaseDoc } from '../../src/cases/model';
import { SYSTEM_ACTOR, updateCase } from '../../src/cases/store';
import { latestMessages } from '../../src/chat/service';
import { demoData } from '../support/demo';

async function routedCase(): Promise<CaseDoc> {
  const found = await Case.findOne({ status: 'routed' }).lean<CaseDoc>();
  if (!found) throw new Error('no routed demo case');
  return found;
}

const texts = async (caseId: unknown) => (await latestMessages(String(caseId))).messages.map((m) => m.text);

describe('case change fan-out', function () {
  this.timeout(60_000);
  before(() => demoData());
  afterEach(() => onCaseChange('test-failing', async () => undefined));

  it('posts the chat message a change carries, and clears the change mark', async () => {
    const c = await routedCase();
    const event = {
      kind: 'test-note',
      message: { key: 'legacy', params: { text: '변경과 함께 저장된 시스템 메시지' } },
    };
    const after = await updateCase(SYSTEM_ACTOR, c, { set: {}, audit: { action: 'note' }, event }, new Date());
    expect(await texts(c._id)).to.include('변경과 함께 저장된 시스템 메시지');
    const stored = await Case.findById(c._id).lean();
    expect(stored?.changePending).to.equal(undefined);
    expect(stored?.pendingEvents ?? {}).to.deep.equal({});
    expect(after.rev).to.equal(c.rev + 1);
  });

  it('replays a change whose fan-out was cut short, posting its message once', async () => {
    const c = await routedCase();
    let failures = 1;
    onCaseChange('test-failing', async () => {
      if (failures-- > 0) throw new Error('the database went away');
    });
    const text = '장애 뒤에 다시 보낸 시스템 메시지';
    const event = { kind: 'test-replay', message: { key: 'legacy', params: { text } } };
    await updateCase(SYSTEM_ACTOR, c, { set: {}, audit: { action: 'note' }, event }, new Date());
    expect((await Case.findById(c._id).lean())?.changePending, 'marked while a listener failed').to.equal(true);

    expect(await replayPendingChanges()).to.be.at.least(1);
    expect((await Case.findById(c._id).lean())?.changePending).to.equal(undefined);
    expect((await texts(c._id)).filter((t) => t === text)).to.have.length(1);
    expect(await replayPendingChanges()).to.equal(0);
  });

  it('replays a message whose change was written but never announced (a crash right after the write)', async () => {
    const c = await routedCase();
    const text = '쓰기 직후 멈춘 변경의 시스템 메시지';
    await Case.updateOne(
      { _id: c._id },
      {
        $set: { changePending: true, [`pendingEvents.r${c.rev + 1}`]: { kind: 'test-crash', text } },
        $inc: { rev: 1 },
      },
    );
    await replayPendingChanges();
    expect(await texts(c._id)).to.include(text);
  });
});
