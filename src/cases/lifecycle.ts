// The case lifecycle as data: which action moves a case from which states to which.
// Pure: the service applies it with a conditional update so that concurrent
// transitions on one case cannot both win.
import { conflict } from '../core/errors';

export const CASE_STATUSES = ['draft', 'submitted', 'routed', 'accepted', 'in_progress', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const STATUS_LABELS: Record<CaseStatus, string> = {
  draft: '임시저장',
  submitted: '접수',
  routed: '기관 배정',
  accepted: '수락',
  in_progress: '진행 중',
  resolved: '해결',
  closed: '종료',
};

export const TRANSITION_ACTIONS = [
  'submit',
  'accept',
  'decline',
  'start',
  'resolve',
  'close',
  'reopen',
  'reassign',
] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

export const ACTION_LABELS: Record<TransitionAction, string> = {
  submit: '제출',
  accept: '수락',
  decline: '거절',
  start: '착수',
  resolve: '해결 등록',
  close: '종료 확인',
  reopen: '다시 열기',
  reassign: '재배정',
};

const ALLOWED_FROM: Record<TransitionAction, readonly CaseStatus[]> = {
  submit: ['draft'],
  accept: ['routed'],
  decline: ['routed'],
  start: ['accepted'],
  resolve: ['in_progress'],
  close: ['resolved'],
  // The company says the outcome did not solve the problem: back to the team.
  reopen: ['resolved'],
  reassign: ['submitted', 'routed', 'accepted', 'in_progress'],
};

/** Statuses in which a case is open work for an institute or the desk. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['submitted', 'routed', 'accepted', 'in_progress'];

export function canTransitionFrom(action: TransitionAction, status: CaseStatus): boolean {
  return ALLOWED_FROM[action].includes(status);
}

/** Throws 409 with a sentence saying why, when `action` is not allowed from `status`. */
export function assertTransition(action: TransitionAction, status: CaseStatus): void {
  if (canTransitionFrom(action, status)) return;
  const from = ALLOWED_FROM[action].map((s) => `'${STATUS_LABELS[s]}'`).join(', ');
  throw conflict(
    `'${ACTION_LABELS[action]}'은(는) ${from} 상태에서만 할 수 있습니다. 이 과제는 지금 '${STATUS_LABELS[status]}' 상태입니다.`,
  );
}

export function availableActions(status: CaseStatus): TransitionAction[] {
  return TRANSITION_ACTIONS.filter((a) => canTransitionFrom(a, status));
}
