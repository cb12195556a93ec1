// Authorisation, in one place. Every transport (pages, JSON API, sockets) asks here.
// Cases a user may not see are reported as "not found" so their existence never leaks.
import { forbidden, notFound } from '../core/errors';
import { isDesk, isInstituteStaff, type Actor } from '../accounts/roles';

/** The parts of a case that decide who may do what with it. */
export type CaseAccess = {
  companyId: string;
  status: string;
  lead?: string | null;
  offeredTo?: string | null;
  participants: string[];
  /** Participants asked to join the team that have not answered yet (cases/members.ts). */
  pendingParticipants?: string[];
  /** Institutes whose equipment the company asked for on this case: they may read it. */
  equipmentInstitutes?: string[];
};

export type Action =
  | 'case:create'
  | 'case:submit'
  | 'case:edit-draft'
  | 'case:close'
  | 'case:reopen'
  | 'case:accept'
  | 'case:decline'
  | 'case:start'
  | 'case:resolve'
  | 'case:note'
  | 'case:attach'
  | 'case:detach'
  | 'case:coordinate'
  | 'case:participate'
  | 'case:support'
  | 'case:audit'
  | 'invite:engineer'
  | 'invite:manager'
  | 'institute:manage'
  | 'dashboard:view'
  | 'report:view'
  | 'equipment:request'
  | 'equipment:handle'
  | 'equipment:cancel'
  | 'equipment:import'
  | 'admin:users'
  | 'admin:audit'
  | 'designation:verify'
  | 'chat:join'
  | 'chat:send';

type Resource = { case?: CaseAccess; instituteCode?: string; uploadedBy?: string | null };

const ownsCase = (a: Actor, c: CaseAccess) => a.role === 'company' && a.companyId === c.companyId;
const ofInstitute = (a: Actor, code: string | null | undefined) =>
  isInstituteStaff(a) && !!code && a.instituteCode === code;
const onTeam = (a: Actor, c: CaseAccess) => ofInstitute(a, c.lead) || c.participants.some((p) => ofInstitute(a, p));
const runsEquipmentFor = (a: Actor, c: CaseAccess) => (c.equipmentInstitutes ?? []).some((p) => ofInstitute(a, p));

/** A case's chat room: the company, the institute it is offered to, the team and the desk; never a draft. */
const isChatMember = (a: Actor, c: CaseAccess) =>
  c.status !== 'draft' && (ownsCase(a, c) || isDesk(a) || ofInstitute(a, c.offeredTo) || onTeam(a, c));

export function institutesWithAccess(c: CaseAccess): string[] {
  const institutes = [c.offeredTo, c.lead, ...c.participants, ...(c.equipmentInstitutes ?? [])];
  return [...new Set(institutes.filter((x): x is string => !!x))];
}

export function canViewCase(a: Actor, c: CaseAccess): boolean {
  if (ownsCase(a, c)) return true;
  if (c.status === 'draft') return false;
  if (isDesk(a)) return true;
  return isInstituteStaff(a) && institutesWithAccess(c).includes(a.instituteCode ?? '');
}

/**
 * Whose case lists a user may read, matching canViewCase: a company its own cases
 * (drafts too); institute staff the submitted cases their institute may see; the desk
 * every submitted case, or one institute's that it picks. (cases/list-keys.ts keys
 * each submitted case by these scopes.)
 */
export function caseListScope(
  a: Actor,
  institute?: string,
): { companyId: string } | { scope: 'desk' | `inst:${string}` } {
  if (a.role === 'company') return { companyId: a.companyId ?? '-' };
  if (isDesk(a)) return { scope: institute ? `inst:${institute}` : 'desk' };
  return { scope: `inst:${a.instituteCode ?? '-'}` };
}

const RULES: Record<Action, (a: Actor, r: Resource) => boolean> = {
  'case:create': (a) => a.role === 'company',
  'case:submit': (a, r) => !!r.case && ownsCase(a, r.case),
  'case:edit-draft': (a, r) => !!r.case && ownsCase(a, r.case),
  'case:close': (a, r) => !!r.case && ownsCase(a, r.case),
  'case:reopen': (a, r) => !!r.case && ownsCase(a, r.case),
  'case:accept': (a, r) => ofInstitute(a, r.case?.offeredTo),
  'case:decline': (a, r) => ofInstitute(a, r.case?.offeredTo),
  'case:start': (a, r) => ofInstitute(a, r.case?.lead),
  'case:resolve': (a, r) => ofInstitute(a, r.case?.lead),
  'case:note': (a, r) => !!r.case && (onTeam(a, r.case) || isDesk(a)),
  // An institute whose instrument the company asked for may attach its test report.
  'case:attach': (a, r) =>
    !!r.case && (ownsCase(a, r.case) || onTeam(a, r.case) || isDesk(a) || runsEquipmentFor(a, r.case)),
  // The one who uploaded a file may take it back; the desk may remove any (a wrong or sensitive file).
  'case:detach': (a, r) => !!r.case && (isDesk(a) || (!!r.uploadedBy && r.uploadedBy === a.id)),
  'case:coordinate': (a) => isDesk(a),
  // A participant institute answers for its own part of a joint team, once.
  // The team records the supports it delivered (its own institute's); the desk any team member's.
  'case:support': (a, r) => !!r.case && (onTeam(a, r.case) || isDesk(a)),
  'case:participate': (a, r) => (r.case?.pendingParticipants ?? []).some((p) => ofInstitute(a, p)),
  'case:audit': (a) => isDesk(a),
  'invite:engineer': (a, r) => isDesk(a) || (a.role === 'institute_manager' && a.instituteCode === r.instituteCode),
  'invite:manager': (a) => isDesk(a),
  'institute:manage': (a, r) => isDesk(a) || (a.role === 'institute_manager' && a.instituteCode === r.instituteCode),
  'dashboard:view': (a) => isDesk(a) || a.role === 'institute_manager',
  // The consortium's report ranks every institute: the desk's.
  'report:view': (a) => isDesk(a),
  'equipment:request': (a, r) => !!r.case && ownsCase(a, r.case),
  // The staff of the institute that owns the instrument confirm, decline and complete its use.
  'equipment:handle': (a, r) => ofInstitute(a, r.instituteCode),
  'equipment:cancel': (a, r) => (!!r.case && ownsCase(a, r.case)) || ofInstitute(a, r.instituteCode) || isDesk(a),
  'equipment:import': (a) => isDesk(a),
  'admin:users': (a) => a.role === 'admin',
  'admin:audit': (a) => a.role === 'admin',
  'designation:verify': (a) => isDesk(a),
  'chat:join': (a, r) => !!r.case && isChatMember(a, r.case),
  'chat:send': (a, r) => !!r.case && isChatMember(a, r.case),
};

const REFUSALS: Record<Action, string> = {
  'case:create': '기업 회원만 과제를 등록할 수 있습니다.',
  'case:submit': '과제를 등록한 기업만 제출할 수 있습니다.',
  'case:edit-draft': '과제를 등록한 기업만 임시저장본을 고칠 수 있습니다.',
  'case:close': '과제를 등록한 기업만 종료를 확인할 수 있습니다.',
  'case:reopen': '과제를 등록한 기업만 과제를 다시 열 수 있습니다.',
  'case:accept': '이 과제를 배정받은 기관의 엔지니어만 수락할 수 있습니다.',
  'case:decline': '이 과제를 배정받은 기관의 엔지니어만 거절할 수 있습니다.',
  'case:start': '주관 기관의 엔지니어만 착수할 수 있습니다.',
  'case:resolve': '주관 기관의 엔지니어만 결과를 등록할 수 있습니다.',
  'case:note': '지원팀에 속한 기관만 진행 내용을 기록할 수 있습니다.',
  'case:attach': '과제 기업, 지원팀 기관, 기업지원데스크만 파일을 올릴 수 있습니다.',
  'case:detach': '파일을 올린 사람과 기업지원데스크만 파일을 지울 수 있습니다.',
  'case:coordinate': '기업지원데스크 코디네이터만 할 수 있습니다.',
  'case:support': '지원팀 기관과 기업지원데스크만 지원 실적을 기록할 수 있습니다.',
  'case:participate': '참여 요청을 받은 기관의 직원만 참여를 수락하거나 거절할 수 있습니다.',
  'case:audit': '감사 기록은 기업지원데스크만 볼 수 있습니다.',
  'invite:engineer': '해당 기관의 관리자만 엔지니어를 초대할 수 있습니다.',
  'invite:manager': '코디네이터만 기관 관리자를 초대할 수 있습니다.',
  'institute:manage': '해당 기관의 관리자만 설정을 바꿀 수 있습니다.',
  'report:view': '성과 보고서는 기업지원데스크만 볼 수 있습니다.',
  'dashboard:view': '대시보드는 코디네이터와 기관 관리자만 볼 수 있습니다.',
  'equipment:request': '과제를 등록한 기업만 그 과제에서 장비 사용을 요청할 수 있습니다.',
  'equipment:handle': '장비를 보유한 기관의 직원만 장비 사용 요청을 처리할 수 있습니다.',
  'equipment:cancel': '요청한 기업, 장비 보유 기관, 기업지원데스크만 장비 사용 요청을 취소할 수 있습니다.',
  'equipment:import': '기업지원데스크만 장비 목록을 가져올 수 있습니다.',
  'admin:users': '관리자만 계정을 관리할 수 있습니다.',
  'admin:audit': '관리 기록은 관리자만 볼 수 있습니다.',
  'designation:verify': '기업지원데스크만 지정 사업을 확인할 수 있습니다.',
  'chat:join': '과제 대화는 제출된 과제의 기업, 지원팀 기관, 기업지원데스크만 볼 수 있습니다.',
  'chat:send': '과제 대화는 제출된 과제의 기업, 지원팀 기관, 기업지원데스크만 쓸 수 있습니다.',
};

export function isAllowed(a: Actor, action: Action, r: Resource = {}): boolean {
  if (r.case && !canViewCase(a, r.case)) return false;
  return RULES[action](a, r);
}

/** Throws 404 for a case the actor may not see, 403 for an action the actor may not take. */
export function authorize(a: Actor, action: Action, r: Resource = {}): void {
  if (r.case && !canViewCase(a, r.case)) throw notFound('과제를 찾을 수 없습니다.');
  if (!RULES[action](a, r)) throw forbidden(REFUSALS[action]);
}

export function authorizeView(a: Actor, c: CaseAccess): void {
  if (!canViewCase(a, c)) throw notFound('과제를 찾을 수 없습니다.');
}
