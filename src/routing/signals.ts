// Operational signals: availability (paused / full institutes are skipped), open load
// (a small penalty, so it only decides between near-equal candidates) and region (a
// weak tie-breaker for on-site support).
import type { InstituteSignal, InstituteStatus } from './types';

const LOAD_PENALTY = 0.04;
/** 공급망 안정화 품목 need a quick start, so free capacity counts double. */
const URGENT_LOAD_PENALTY = 0.08;
/** Open cases at which an institute without a stated capacity counts as half busy. */
const HALF_LOAD_CASES = 5;
const SAME_REGION_BONUS = 0.02;
const SAME_AREA_BONUS = 0.01;

const AREAS: readonly (readonly string[])[] = [
  ['서울', '경기', '인천'],
  ['대전', '세종', '충남', '충북'],
  ['부산', '울산', '경남'],
  ['대구', '경북'],
  ['광주', '전남', '전북'],
  ['강원'],
  ['제주'],
];

export interface Unavailable {
  status: InstituteStatus;
  reason: string;
}

export function unavailability(signal: InstituteSignal | undefined): Unavailable | undefined {
  if (!signal) return undefined;
  if (signal.status === 'paused') return { status: 'paused', reason: '지원 일시중지 상태로 배정에서 제외' };
  const atCapacity = signal.capacity !== undefined && signal.openLoad >= signal.capacity;
  if (signal.status === 'full' || atCapacity) {
    return { status: 'full', reason: `수용 한도 도달(진행 ${signal.openLoad}건)로 배정에서 제외` };
  }
  return undefined;
}

/** 0..1: how busy the institute is. */
function loadRatio(signal: InstituteSignal): number {
  if (signal.capacity !== undefined && signal.capacity > 0) return Math.min(1, signal.openLoad / signal.capacity);
  return signal.openLoad / (signal.openLoad + HALF_LOAD_CASES);
}

export function loadPenalty(signal: InstituteSignal | undefined, urgent: boolean): number {
  if (!signal || signal.openLoad <= 0) return 0;
  return (urgent ? URGENT_LOAD_PENALTY : LOAD_PENALTY) * loadRatio(signal);
}

export function regionBonus(instituteRegion: string, companyRegion: string | undefined): number {
  if (!companyRegion) return 0;
  if (instituteRegion === companyRegion) return SAME_REGION_BONUS;
  const area = AREAS.find((regions) => regions.includes(companyRegion));
  return area?.includes(instituteRegion) ? SAME_AREA_BONUS : 0;
}
