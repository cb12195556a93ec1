import { expect } from 'chai';
import { activityMonths, caseListKeys, dayOf, recentPeriods } from '../../src/cases/list-keys';

const kst = (iso: string) => new Date(`${iso}+09:00`);

describe('list keys (pure)', () => {
  it('puts a moment in its day in Korea time', () => {
    expect(dayOf(kst('2026-11-30T00:30:00')), 'just after midnight in Korea').to.equal('2026-11-30');
    expect(dayOf(kst('2026-11-29T23:30:00'))).to.equal('2026-11-29');
  });

  it('keys a routed case into its company, the desk day and queue, each institute month, the open lists and the inbox', () => {
    const keys = caseListKeys({
      companyId: 'c1',
      status: 'routed',
      offeredTo: 'KETI',
      submittedAt: kst('2026-11-30T10:00:00'),
      visibleTo: ['KETI'],
      escalated: true,
    });
    expect(keys).to.have.members([
      'co:c1',
      'desk:queue',
      'desk:2026-11-30',
      'desk:open',
      'inst:KETI:2026-11',
      'inst:KETI:open',
      'inst:KETI:offered',
      'desk:escalated',
      'act:2026-11',
    ]);
  });

  it('keeps a closed case in its periods only, and a draft in its company list only', () => {
    const closed = caseListKeys({
      status: 'closed',
      submittedAt: kst('2026-03-02T10:00:00'),
      resolvedAt: kst('2026-05-20T10:00:00'),
      visibleTo: ['KIMS', 'KTL'],
      assignedEngineer: { id: 'u1' },
    });
    expect(closed.filter((k) => k.endsWith(':open') || k === 'desk:queue')).to.deep.equal([]);
    expect(closed).to.include.members(['inst:KTL:2026-03', 'eng:u1:2026-03', 'act:2026-03', 'act:2026-05']);
    expect(caseListKeys({ companyId: 'c1', status: 'draft', visibleTo: [] })).to.deep.equal(['co:c1']);
  });

  it('counts a case on the dashboard in the months it was submitted, resolved or declined', () => {
    const months = activityMonths({
      status: 'resolved',
      submittedAt: kst('2026-01-31T23:30:00'),
      declines: [{ at: kst('2026-02-01T09:00:00') }],
      resolvedAt: kst('2026-04-10T09:00:00'),
      visibleTo: [],
    });
    expect(months).to.have.members(['2026-01', '2026-02', '2026-04']);
  });

  it('offers the recent periods, newest first', () => {
    expect(recentPeriods('inst:X', kst('2026-01-15T00:00:00'), 3)).to.deep.equal(['2026-01', '2025-12', '2025-11']);
    expect(recentPeriods('desk', kst('2026-12-01T12:00:00'), 2)).to.deep.equal(['2026-12-01', '2026-11-30']);
  });
});
