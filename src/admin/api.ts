// The admin area's JSON transport: the same services as the pages.
import { Router } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { validate } from '../core/http/validate';
import { userListSchema } from './schemas';
import { changeUserRole, deactivateUser, listUsers, reactivateUser } from './users';

export function adminApi(ctx: AppContext): Router {
  const api = Router();
  api.use('/admin', requireUser);

  api.get('/admin/users', async (req, res) => {
    const { users, hasNext } = await listUsers(actorOf(req), validate(userListSchema, req.query));
    res.json({ users: users.map(({ _id, ...u }) => ({ id: String(_id), ...u })), hasNext });
  });

  api.post('/admin/users/:id/deactivate', async (req, res) => {
    await deactivateUser(ctx, actorOf(req), req.params, req.body);
    res.json({ ok: true });
  });

  api.post('/admin/users/:id/role', async (req, res) => {
    await changeUserRole(ctx, actorOf(req), req.params, req.body);
    res.json({ ok: true });
  });

  api.post('/admin/users/:id/reactivate', async (req, res) => {
    await reactivateUser(ctx, actorOf(req), req.params);
    res.json({ ok: true });
  });

  return api;
}
