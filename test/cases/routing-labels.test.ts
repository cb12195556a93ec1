// Worked cases become routing training rows: the team that worked the case (lead and
// accepted participants, never a decliner) is the label, in the training line format.
import { expect } from 'chai';
import mongoose from 'mongoose';
import { Case } from '../../src/cases/model';
import type { CaseStatus } from '../../src/cases/lifecycle';
import { workedCaseLabels, type RoutingLabelLine } from '../../src/cases/routing-labels';
import { batchLineSchema } from '../../src/routing/batch';
import { goldCaseSchema } from '../../src/routing/evaluate';
import { demoData } from '../support/demo';

const collect = async () => {
  const lines: RoutingLabelLine[] = [];
  for await (const line of workedCaseLabels()) lines.push(line);
  return lines;
};

describe('routing labels from worked cases', function () {
  this.timeout(60_000);
  const inserted: mongoose.Types.ObjectId[] = [];
  before(() => demoData());
  after(() => Case.deleteMany({ _id: { $in: inserted } }));

  async function workedCase(
    status: CaseStatus,
    lead: string | undefined,
    members: { institute: string; state: string }[],
  ) {
    const created = await Case.create({
      number: `LBL-${new mongoose.Types.ObjectId().toString()}`,
      companyId: new mongoose.Types.ObjectId(),
      companyName: '라벨 테스트',
      createdBy: { id: 'test' },
      title: '프로펠러 캐비테이션 해석',
      description: '프로펠러 캐비테이션 해석과 축계 진동 측정이 필요합니다.',
      region: '부산',
      status,
      lead,
      members,
    });
    inserted.push(created._id);
    return `case-${created._id.toString()}`;
  }

  it('labels a resolved joint case with its lead and accepted participants, not the decliner or the undecided', async () => {
    const id = await workedCase('resolved', 'KOMERI', [
      { institute: 'KIMM', state: 'accepted' },
      { institute: 'KTL', state: 'declined' },
      { institute: 'KRISS', state: 'pending' },
    ]);
    const line = (await collect()).find((l) => l.id === id);
    expect(line?.gold).to.deep.equal({
      acceptable: ['KOMERI', 'KIMM'],
      convergence: true,
      groups: [['KOMERI'], ['KIMM']],
    });
    expect(line?.region).to.equal('부산');
    expect(() => batchLineSchema.parse(line)).to.not.throw();
    expect(() => goldCaseSchema.parse(line)).to.not.throw();
  });

  it('labels a closed single case with its lead alone, and leaves out open cases and cases no institute led', async () => {
    const single = await workedCase('closed', 'KICET', []);
    const open = await workedCase('in_progress', 'KICET', []);
    const unled = await workedCase('resolved', undefined, []);
    const lines = await collect();
    expect(lines.find((l) => l.id === single)?.gold).to.deep.equal({ acceptable: ['KICET'], convergence: false });
    expect(lines.map((l) => l.id)).to.not.include.members([open, unled]);
    const worked = await Case.countDocuments({ status: { $in: ['resolved', 'closed'] }, lead: { $type: 'string' } });
    expect(lines).to.have.length(worked);
  });
});
