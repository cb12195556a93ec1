// What the case page shows to one reader: the case, the team and why, the desk's team
// builder, the forms the reader may use, and the parts only some readers see.
import { isDesk, type Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { usesOfCase } from '../equipment/use-requests';
import { useView } from '../equipment/use-view';
import type { Locale } from '../i18n/i18n';
import { seedCatalogue } from '../institutes/catalogue';
import { instituteChoices, instituteEngineers } from '../institutes/service';
import { industryName } from '../institutes/words';
import { isAllowed } from '../policy/policy';
import { OPEN_STATUSES, type CaseStatus } from './lifecycle';
import type { CaseDoc } from './model';
import { accessOf } from './store';
import { SUPPORTED_STATUSES } from './supports';
import { memberStatus, teamBuilderRows } from './team-builder';
import { auditView, caseDetail } from './view';
import { rankingWhy, skippedWhy, teamWhy } from './why';

export async function casePageModel(ctx: AppContext, actor: Actor, c: CaseDoc, locale: Locale) {
  const desk = isDesk(actor);
  const company = actor.role === 'company';
  const view = caseDetail(c, actor, ctx.now());
  const access = accessOf(c);
  const open = OPEN_STATUSES.includes(c.status as CaseStatus);
  const may = (action: Parameters<typeof isAllowed>[1]) => isAllowed(actor, action, { case: access });
  const answering = may('case:participate');
  const choosesEngineer = actor.role === 'institute_manager' && (answering || may('case:accept'));
  return {
    title: `${c.number} ${c.title}`,
    c: view,
    // Actions with a form on the case page; reassigning is the desk's team form.
    formActions: view.actions.filter((a) => a !== 'reassign'),
    industry: c.industry ? industryName(c.industry, locale) : null,
    why: teamWhy(c, c.routing, locale).map((m) => ({ ...m, ...memberStatus(c, m.code) })),
    declinedMembers: company ? [] : (c.members ?? []).filter((m) => m.state === 'declined'),
    builder: desk && open ? teamBuilderRows(c, await instituteChoices(), locale) : null,
    answering,
    canRecordSupport: may('case:support') && SUPPORTED_STATUSES.includes(c.status),
    supportTypes: seedCatalogue().services,
    supportInstitutes: desk ? [c.lead, ...c.participants].filter(Boolean) : [actor.instituteCode].filter(Boolean),
    // The engine's evidence per candidate and the declines are for the desk and institutes.
    ranking: !company && c.routing ? rankingWhy(c.routing, c, locale) : [],
    skipped: !company && c.routing ? skippedWhy(c.routing, locale) : [],
    showDeclines: !company,
    contact: company ? null : c.createdBy,
    audit: may('case:audit') ? auditView(c, locale, 'html').reverse() : null,
    canCoordinate: desk,
    canNote: may('case:note'),
    equipmentUses: (await usesOfCase(ctx, c)).map(useView),
    canRequestEquipment: may('equipment:request') && open,
    // A manager accepting the case (or the institute's part of it) may hand it to one of its engineers.
    engineers: choosesEngineer ? await instituteEngineers(actor.instituteCode ?? '') : [],
  };
}
