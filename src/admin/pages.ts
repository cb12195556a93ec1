// The admin area (/admin): accounts, institutes, the registry import and the admin log;
// coordinators see the part that is theirs (designations to verify, the import).
import { Router, type Request, type Response } from 'express';
import { isDesk } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { forbidden } from '../core/errors';
import { actorOf, requireUser } from '../core/http/auth';
import { formProblem } from '../core/http/forms';
import { validate } from '../core/http/validate';
import { monthOf } from '../cases/list-keys';
import { ROLES, type Role } from '../accounts/roles';
import { INSTITUTE_STATUSES } from '../institutes/model';
import { isAllowed, authorize } from '../policy/policy';
import { adminLogOf } from './audit';
import { changeInstitute, instituteOverview } from './institutes';
import { logQuerySchema, userListSchema } from './schemas';
import { changeUserRole, deactivateUser, listUsers, OTHER_ROLE, reactivateUser } from './users';

/** What a flash message after an admin form may say (locale keys admin.flash.*). */
const FLASHES = new Set(['deactivated', 'reactivated', 'institute', 'role']);

function previousMonth(month: string): string {
  const [year = 0, m = 1] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m - 2, 15)).toISOString().slice(0, 7);
}

export function adminPages(ctx: AppContext): Router {
  const pages = Router();
  pages.use('/admin', requireUser, (req, _res, next) => {
    next(isDesk(actorOf(req)) ? undefined : forbidden('관리 화면은 관리자와 기업지원데스크만 볼 수 있습니다.'));
  });

  const flashOf = (req: Request) =>
    typeof req.query.done === 'string' && FLASHES.has(req.query.done) ? req.query.done : undefined;

  pages.get('/admin', (req, res) => {
    const actor = actorOf(req);
    res.render('admin/index', { titleKey: 'admin.title', isAdmin: isAllowed(actor, 'admin:users') });
  });

  async function usersPage(req: Request, res: Response, problem?: unknown) {
    const actor = actorOf(req);
    const query = validate(userListSchema, req.query);
    const { users, hasNext } = await listUsers(actor, query);
    res.render('admin/users', {
      titleKey: 'admin.users.title',
      users: users.map((u) => ({
        ...u,
        id: String(u._id),
        self: String(u._id) === actor.id,
        // The role an account may switch to (admin/users.ts), if any.
        otherRole: OTHER_ROLE[u.role as Role] ?? null,
      })),
      query,
      roles: ROLES,
      prev: query.page > 1 ? query.page - 1 : null,
      next: hasNext ? query.page + 1 : null,
      flash: flashOf(req),
      problem,
    });
  }
  pages.get('/admin/users', (req, res) => usersPage(req, res));

  /** An admin form: on success back to its page with a flash, else the page with the problem. */
  const adminForm = (
    path: string,
    done: string,
    back: (req: Request) => string,
    page: (req: Request, res: Response, problem: unknown) => Promise<void>,
    apply: (req: Request) => Promise<unknown>,
  ) =>
    pages.post(path, async (req, res) => {
      try {
        await apply(req);
        res.redirect(`${back(req)}${back(req).includes('?') ? '&' : '?'}done=${done}`);
      } catch (error) {
        const problem = formProblem(error);
        res.status(problem.status);
        await page(req, res, problem);
      }
    });

  const usersBack = (req: Request) => {
    const from = typeof req.body?.back === 'string' && req.body.back.startsWith('/admin/users') ? req.body.back : '';
    return from || '/admin/users';
  };
  adminForm('/admin/users/:id/deactivate', 'deactivated', usersBack, usersPage, (req) =>
    deactivateUser(ctx, actorOf(req), req.params, req.body),
  );
  adminForm('/admin/users/:id/role', 'role', usersBack, usersPage, (req) =>
    changeUserRole(ctx, actorOf(req), req.params, req.body),
  );
  adminForm('/admin/users/:id/reactivate', 'reactivated', usersBack, usersPage, (req) =>
    reactivateUser(ctx, actorOf(req), req.params),
  );

  async function institutesPage(req: Request, res: Response, problem?: unknown) {
    res.render('admin/institutes', {
      titleKey: 'admin.institutes.title',
      institutes: await instituteOverview(actorOf(req)),
      statuses: INSTITUTE_STATUSES,
      flash: flashOf(req),
      problem,
    });
  }
  pages.get('/admin/institutes', (req, res) => institutesPage(req, res));
  adminForm(
    '/admin/institutes/:code',
    'institute',
    () => '/admin/institutes',
    institutesPage,
    (req) => changeInstitute(ctx, actorOf(req), req.params, req.body),
  );

  pages.get('/admin/log', async (req, res) => {
    const actor = actorOf(req);
    authorize(actor, 'admin:audit');
    const month = validate(logQuerySchema, req.query).month ?? monthOf(ctx.now());
    res.render('admin/log', {
      titleKey: 'admin.log.title',
      month,
      previous: previousMonth(month),
      entries: await adminLogOf(month),
    });
  });

  return pages;
}
