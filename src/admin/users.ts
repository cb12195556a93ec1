// The admin's user list and account deactivation. Deactivating ends every session of the
// account at once (a new session epoch: no session started before it is accepted, and
// login refuses inactive accounts) and closes its live chat sockets in every process.
import { randomUUID } from 'node:crypto';
import { User } from '../accounts/model';
import type { Actor, Role } from '../accounts/roles';
import { announceSessionsEnded } from '../accounts/session-events';
import type { AppContext } from '../core/context';
import { badRequest, conflict, notFound } from '../core/errors';
import { validate } from '../core/http/validate';
import { authorize } from '../policy/policy';
import { recordAdminAction } from './audit';
import { deactivationSchema, roleChangeSchema, userIdParams, USERS_PAGE_SIZE, type UserListQuery } from './schemas';

const LIST_FIELDS = {
  email: 1,
  name: 1,
  role: 1,
  instituteCode: 1,
  companyId: 1,
  active: 1,
  deactivation: 1,
  createdAt: 1,
};

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An e-mail address is looked up exactly (the unique index); other words match names,
 * within the role and state picked. A page is 50 accounts, newest first.
 */
function filterOf(query: UserListQuery): Record<string, unknown> {
  if (query.q?.includes('@')) return { email: query.q.toLowerCase() };
  return {
    ...(query.role ? { role: query.role } : {}),
    ...(query.state === 'all' ? {} : { active: query.state === 'active' }),
    ...(query.q ? { name: { $regex: escapeRegex(query.q), $options: 'i' } } : {}),
  };
}

export async function listUsers(actor: Actor, query: UserListQuery) {
  authorize(actor, 'admin:users');
  const rows = await User.find(filterOf(query), LIST_FIELDS)
    .sort({ createdAt: -1 })
    .skip((query.page - 1) * USERS_PAGE_SIZE)
    .limit(USERS_PAGE_SIZE + 1)
    .lean();
  return { users: rows.slice(0, USERS_PAGE_SIZE), hasNext: rows.length > USERS_PAGE_SIZE };
}

async function userToChange(actor: Actor, params: unknown) {
  authorize(actor, 'admin:users');
  const { id } = validate(userIdParams, params);
  const user = await User.findById(id, LIST_FIELDS).lean();
  if (!user) throw notFound('계정을 찾을 수 없습니다.');
  if (id === actor.id) throw conflict('자기 계정은 비활성화하거나 다시 활성화할 수 없습니다.');
  return user;
}

const targetOf = (user: { _id: unknown; email: string; name: string }) => ({
  kind: 'user' as const,
  id: String(user._id),
  label: `${user.name} <${user.email}>`,
});

export async function deactivateUser(ctx: AppContext, actor: Actor, params: unknown, body: unknown) {
  const user = await userToChange(actor, params);
  if (!user.active) throw conflict('이미 비활성화된 계정입니다.');
  const { reason } = validate(deactivationSchema, body);
  const now = ctx.now();
  await recordAdminAction(actor, 'deactivate', targetOf(user), now, { key: 'adminDeactivated', params: { reason } });
  const changed = await User.updateOne(
    { _id: user._id, active: true },
    { $set: { active: false, sessionEpoch: randomUUID(), deactivation: { at: now, byName: actor.name, reason } } },
  );
  if (!changed.modifiedCount) throw conflict('이미 비활성화된 계정입니다.');
  announceSessionsEnded({ userId: String(user._id) });
}

/** The role an account may move to: within its institute, or within the desk. */
export const OTHER_ROLE: Partial<Record<Role, Role>> = {
  engineer: 'institute_manager',
  institute_manager: 'engineer',
  coordinator: 'admin',
  admin: 'coordinator',
};

/**
 * Changes an account's role within its family (an engineer becomes its institute's
 * manager; a coordinator an admin, and back). Its sessions end, so that every open page
 * and socket picks up the new role at the next login.
 */
export async function changeUserRole(ctx: AppContext, actor: Actor, params: unknown, body: unknown) {
  const user = await userToChange(actor, params);
  const { role } = validate(roleChangeSchema, body);
  if (role === user.role) throw conflict('이미 그 역할입니다.');
  if (OTHER_ROLE[user.role as Role] !== role)
    throw badRequest('입력값을 확인해 주세요.', {
      role: '기관 엔지니어와 기관 관리자 사이, 코디네이터와 관리자 사이에서만 바꿀 수 있습니다.',
    });
  const now = ctx.now();
  await recordAdminAction(actor, 'role', targetOf(user), now, {
    key: 'adminRole',
    params: { from: user.role, to: role },
  });
  await User.updateOne({ _id: user._id, role: user.role }, { $set: { role, sessionEpoch: randomUUID() } });
  announceSessionsEnded({ userId: String(user._id) });
}

export async function reactivateUser(ctx: AppContext, actor: Actor, params: unknown) {
  const user = await userToChange(actor, params);
  if (user.active) throw conflict('이미 활성 상태인 계정입니다.');
  const now = ctx.now();
  await recordAdminAction(actor, 'reactivate', targetOf(user), now);
  await User.updateOne({ _id: user._id, active: false }, { $set: { active: true }, $unset: { deactivation: '' } });
}
