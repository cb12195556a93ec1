import { expect } from 'chai';
import { addBusinessHours, businessHoursBetween } from '../../src/cases/business-hours';
import {
  assertTransition,
  availableActions,
  canTransitionFrom,
  CASE_STATUSES,
  TRANSITION_ACTIONS,
} from '../../src/cases/lifecycle';
import { AppError } from '../../src/core/errors';

describe('case lifecycle (pure)', () => {
  const allowed: Record<string, string[]> = {
    draft: ['submit'],
    submitted: ['reassign'],
    routed: ['accept', 'decline', 'reassign'],
    accepted: ['start', 'reassign'],
    in_progress: ['resolve', 'reassign'],
    resolved: ['close', 'reopen'],
    closed: [],
  };

  it('allows exactly the documented actions from each status', () => {
    for (const status of CASE_STATUSES) expect(availableActions(status), status).to.deep.equal(allowed[status]);
  });

  it('refuses every other action with a 409 sentence naming both states', () => {
    for (const status of CASE_STATUSES) {
      for (const action of TRANSITION_ACTIONS.filter((a) => !canTransitionFrom(a, status))) {
        try {
          assertTransition(action, status);
          expect.fail(`${action} from ${status} should be refused`);
        } catch (error) {
          expect(error).to.be.instanceOf(AppError);
          expect((error as AppError).status).to.equal(409);
          expect((error as AppError).message).to.match(/상태에서만 할 수 있습니다\. 이 과제는 지금 '.+' 상태입니다\.$/);
        }
      }
    }
  });
});

describe('business hours (Korea time, Mon–Fri 09–18)', () => {
  const kst = (iso: string) => new Date(`${iso}+09:00`);

  it('adds hours within one working day', () => {
    expect(addBusinessHours(kst('2026-11-23T10:00:00'), 3)).to.deep.equal(kst('2026-11-23T13:00:00'));
  });

  it('carries over to the next morning', () => {
    expect(addBusinessHours(kst('2026-11-23T16:00:00'), 4)).to.deep.equal(kst('2026-11-24T11:00:00'));
  });

  it('skips the weekend', () => {
    expect(addBusinessHours(kst('2026-11-27T17:00:00'), 2)).to.deep.equal(kst('2026-11-30T10:00:00'));
  });

  it('starts counting at opening time when submitted at night or on a weekend', () => {
    expect(addBusinessHours(kst('2026-11-22T23:30:00'), 1)).to.deep.equal(kst('2026-11-23T10:00:00'));
    expect(addBusinessHours(kst('2026-11-24T07:00:00'), 16)).to.deep.equal(kst('2026-11-25T16:00:00'));
  });

  it("skips Korea's public holidays: Christmas, and Chuseok with its days either side", () => {
    expect(addBusinessHours(kst('2026-12-24T17:00:00'), 2)).to.deep.equal(kst('2026-12-28T10:00:00'));
    expect(addBusinessHours(kst('2026-09-23T17:00:00'), 2)).to.deep.equal(kst('2026-09-28T10:00:00'));
  });

  it('counts the business hours left before a deadline, negative once it has passed', () => {
    expect(businessHoursBetween(kst('2026-11-27T17:00:00'), kst('2026-11-30T10:00:00'))).to.equal(2);
    expect(businessHoursBetween(kst('2026-12-24T12:00:00'), kst('2026-12-28T12:00:00'))).to.equal(9);
    expect(businessHoursBetween(kst('2026-11-30T11:30:00'), kst('2026-11-30T10:00:00'))).to.equal(-1.5);
  });
});
