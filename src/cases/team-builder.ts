// The desk's team builder: every institute by name and code, with the engine's fit for
// this case and the need it would cover, the engine's proposal marked, and where each
// stands on the case now. Pure: it reads the stored routing result and the choices.
import type { Locale } from '../i18n/i18n';
import type { InstituteChoice } from '../institutes/service';
import { memberOf, memberState, type MemberState } from './members';
import { matchOf, needOf, type StoredRouting } from './why';

type TeamOfCase = {
  lead?: string | null;
  participants: string[];
  members?: Parameters<typeof memberOf>[0]['members'];
  routing?: StoredRouting | null;
};

export type BuilderRow = {
  code: string;
  name: string;
  /** The other language's name, so a search finds either. */
  otherName: string;
  fit: number | null;
  need: string | null;
  proposed: boolean;
  proposedRole: 'lead' | 'participant' | null;
  role: 'lead' | 'participant' | null;
  /** Ticked in the form: the current team, or the proposal while the case has no lead. */
  selected: 'lead' | 'participant' | null;
  state: MemberState | null;
  declineReason: string | null;
  paused: boolean;
};

function roleIn(team: { lead?: string | null; participants: string[] }, code: string) {
  if (team.lead === code) return 'lead' as const;
  return team.participants.includes(code) ? ('participant' as const) : null;
}

/** One row per institute: the proposed team first, then by fit, then by name. */
export function teamBuilderRows(c: TeamOfCase, institutes: InstituteChoice[], locale: Locale): BuilderRow[] {
  const routing = c.routing ?? undefined;
  const proposal = { lead: routing?.team[0], participants: routing?.team.slice(1) ?? [] };
  const rows = institutes.map((inst): BuilderRow => {
    const entry = routing?.ranked.find((r) => r.institute === inst.code);
    const state = memberState(c, inst.code);
    return {
      code: inst.code,
      name: locale === 'en' ? inst.nameEn : inst.nameKo,
      otherName: locale === 'en' ? inst.nameKo : inst.nameEn,
      fit: typeof entry?.score === 'number' ? entry.score : null,
      need: (routing && entry && needOf(inst.code, routing, matchOf(entry), locale)) || null,
      proposed: routing?.team.includes(inst.code) ?? false,
      proposedRole: roleIn(proposal, inst.code),
      role: roleIn(c, inst.code),
      selected: c.lead ? roleIn(c, inst.code) : roleIn(proposal, inst.code),
      state: state ?? null,
      declineReason: memberOf(c, inst.code)?.reason ?? null,
      paused: inst.status !== 'active',
    };
  });
  const order = (r: BuilderRow) => (r.role ? 0 : r.proposed ? 1 : 2);
  return rows.sort(
    (a, b) => order(a) - order(b) || (b.fit ?? -1) - (a.fit ?? -1) || a.name.localeCompare(b.name, locale),
  );
}

/** Where a member of the team stands: the lead answers by accepting the case, a participant its part. */
export function memberStatus(
  c: TeamOfCase & { status: string; offeredTo?: string | null; assignedEngineer?: { name?: string | null } | null },
  code: string,
): { state: MemberState | null; engineer: string | null } {
  if (code === c.lead) {
    const answered = c.status !== 'routed' && c.status !== 'submitted';
    return { state: answered ? 'accepted' : 'pending', engineer: answered ? (c.assignedEngineer?.name ?? null) : null };
  }
  return { state: memberState(c, code) ?? null, engineer: memberOf(c, code)?.engineer?.name ?? null };
}
