export const ROLES = ['company', 'engineer', 'institute_manager', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  company: '기업',
  engineer: '연구기관 엔지니어',
  institute_manager: '연구기관 관리자',
  coordinator: '기업지원데스크 코디네이터',
  admin: '관리자',
};

/** The signed-in user as every service and policy sees it. */
export type Actor = {
  id: string;
  email: string;
  name: string;
  role: Role;
  companyId?: string;
  instituteCode?: string;
  locale?: string;
  /** The account's session epoch when this actor was loaded (see accounts/model.ts). */
  sessionEpoch?: string;
};

export const isInstituteStaff = (actor: Actor) => actor.role === 'engineer' || actor.role === 'institute_manager';
export const isDesk = (actor: Actor) => actor.role === 'coordinator' || actor.role === 'admin';
