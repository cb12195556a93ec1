// Designations: the desk's review list (/admin/designations) and the certificates.
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { formProblem } from '../core/http/forms';
import { sendStoredFile } from '../core/http/uploads';
import { claimsToReview, decideDesignation, openEvidence } from './designations';

export function companyPages(ctx: AppContext): Router {
  const pages = Router();

  async function reviewPage(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    res.render('admin/designations', {
      titleKey: 'admin.designations.title',
      claims: await claimsToReview(actorOf(req)),
      ...extra,
    });
  }

  pages.get('/admin/designations', requireUser, async (req, res) => {
    const done = req.query.done;
    await reviewPage(req, res, { flash: done === 'verify' || done === 'reject' ? done : undefined });
  });

  pages.post('/admin/designations/:companyId', requireUser, async (req, res) => {
    try {
      await decideDesignation(ctx, actorOf(req), req.params, req.body);
      res.redirect(`/admin/designations?done=${req.body?.decision === 'verify' ? 'verify' : 'reject'}`);
    } catch (error) {
      const problem = formProblem(error);
      res.status(problem.status);
      await reviewPage(req, res, { problem, failed: { companyId: req.params.companyId, name: req.body?.name } });
    }
  });

  pages.get('/companies/:companyId/designations/evidence', requireUser, async (req, res) => {
    sendStoredFile(res, await openEvidence(actorOf(req), req.params, req.query.name));
  });

  return pages;
}
