// Use request pages: the inbox ("장비 사용 요청": an institute's, a company's, or every
// one for the desk), and one request with its history and the forms for its next steps.
import { Router, type Request, type Response } from 'express';
import { isInstituteStaff } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { actorOf, requireUser } from '../core/http/auth';
import { formProblem } from '../core/http/forms';
import { koreaDay } from '../core/http/fields';
import { validate } from '../core/http/validate';
import { localeOf } from '../i18n/middleware';
import { accessOf } from '../cases/store';
import { isAllowed } from '../policy/policy';
import { loadVisibleUse, useInbox, type LoadedUse } from './use-requests';
import { useIdParams } from './use-schemas';
import { STEP_NAMES, takeStep, type UseStep } from './use-steps';
import { useView } from './use-view';

const FLASHES = new Set(['requested', 'scheduled', 'declined', 'done', 'cancelled']);

/** The steps the actor may take on the request now. */
function stepsFor(actor: ReturnType<typeof actorOf>, { use, c }: LoadedUse): UseStep[] {
  const handles = isAllowed(actor, 'equipment:handle', { instituteCode: use.instituteCode });
  const cancels = isAllowed(actor, 'equipment:cancel', { case: accessOf(c), instituteCode: use.instituteCode });
  const steps: UseStep[] = [];
  if (use.status === 'requested' && handles) steps.push('confirm', 'decline');
  if (use.status === 'scheduled' && handles) steps.push('complete');
  if ((use.status === 'requested' || use.status === 'scheduled') && cancels) steps.push('cancel');
  return steps;
}

export function usePages(ctx: AppContext): Router {
  const pages = Router();

  pages.get('/equipment-requests', requireUser, async (req, res) => {
    const actor = actorOf(req);
    const inbox = await useInbox(actor, ctx.now());
    res.render('equipment/requests', {
      titleKey: 'useRequests.title',
      open: inbox.open.map(useView),
      closed: inbox.closed.map(useView),
      who: actor.role === 'company' ? 'company' : isInstituteStaff(actor) ? 'institute' : 'desk',
    });
  });

  async function showUse(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const actor = actorOf(req);
    const { id } = validate(useIdParams, req.params);
    const loaded = await loadVisibleUse(actor, id);
    const steps = stepsFor(actor, loaded);
    const done = typeof req.query.done === 'string' && FLASHES.has(req.query.done) ? req.query.done : undefined;
    res.render('equipment/request', {
      title:
        localeOf(res) === 'en' && loaded.use.equipmentNameEn ? loaded.use.equipmentNameEn : loaded.use.equipmentName,
      u: useView(loaded.use),
      steps: Object.fromEntries(steps.map((s) => [s, true])),
      anySteps: steps.length > 0,
      reports: loaded.c.attachments.map((a) => ({ id: String(a.fileId), name: a.filename })),
      minDay: koreaDay(ctx.now()),
      values: {
        from: koreaDay(loaded.use.desiredFrom),
        to: koreaDay(loaded.use.desiredTo),
        ...(extra.values as object | undefined),
      },
      flash: extra.problem ? undefined : done,
      ...extra,
    });
  }

  pages.get('/equipment-requests/:id', requireUser, (req, res) => showUse(req, res));

  for (const step of STEP_NAMES)
    pages.post(`/equipment-requests/:id/${step}`, requireUser, async (req, res) => {
      try {
        const { id } = validate(useIdParams, req.params);
        const moved = await takeStep(ctx, actorOf(req), id, step, req.body);
        res.redirect(303, `/equipment-requests/${id}?done=${moved.status}#flash`);
      } catch (error) {
        const problem = formProblem(error);
        res.status(problem.status);
        await showUse(req, res, { problem, values: req.body, failedStep: step });
      }
    });

  return pages;
}
