import { expect } from 'chai';
import { routeCase } from '../../src/routing';
import type { FeedbackEntry, RoutingRequest } from '../../src/routing';
import { seedRoutingIndex } from './helpers';

const request: RoutingRequest = {
  title: '필름 표면 접착력 향상',
  description: 'PET 필름에 코팅층이 잘 붙지 않습니다. 표면처리로 접착력을 높이고 싶습니다.',
};

describe('routing / feedback', () => {
  const index = seedRoutingIndex();

  it('moves an institute up after coordinators overrode similar requests to it', () => {
    const before = routeCase(index, request).ranked.map((r) => r.institute);
    const target = before[1] ?? '';
    const feedback: FeedbackEntry[] = [
      { text: 'PET 필름 코팅층 접착력 향상 표면처리 문의', institute: target, kind: 'override_to' },
    ];
    const after = routeCase(index, request, { feedback });
    expect(after.ranked[0]?.institute).to.equal(target);
    expect(after.ranked[0]?.reasons.join(' ')).to.include('코디네이터가 이 기관으로 재배정');
  });

  it('moves an institute down after it declined similar requests', () => {
    const before = routeCase(index, request).ranked[0]?.institute ?? '';
    const feedback: FeedbackEntry[] = [
      { terms: ['필름', '접착력', '표면처리', '코팅'], institute: before, kind: 'decline' },
      { terms: ['필름', '접착력', '표면처리', '코팅'], institute: before, kind: 'override_from' },
    ];
    expect(routeCase(index, request, { feedback }).ranked[0]?.institute).to.not.equal(before);
  });

  it('ignores feedback on unrelated requests', () => {
    const feedback: FeedbackEntry[] = [{ text: '철도 대차 피로 시험', institute: 'KRRI', kind: 'override_to' }];
    expect(routeCase(index, request, { feedback })).to.deep.equal(routeCase(index, request));
  });
});
