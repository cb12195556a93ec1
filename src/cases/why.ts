// "왜 이 기관인가": what the case page says about the routing result, in the reader's
// language. One sentence per team member (the need it covers and its strongest
// evidence), and, for the desk and institutes, the engine's detail per ranked
// institute. Pure: it reads the stored result and the bundled
// catalogue and synonym table, never the database.
import type { Locale } from '../i18n/i18n';
import { translate } from '../i18n/i18n';
import { instituteNamesIn } from '../institutes/catalogue';
import { compact, localWordList } from '../institutes/words';
import type { MatchDetail } from '../routing/types';

/** Words in the reader's language, once each, leaving out a word inside a longer one ("전기" beside "전기차"). */
function localWords(words: readonly string[] | undefined, locale: Locale, limit: number): string[] {
  const local = localWordList(words ?? [], locale);
  const kept = local.filter((w) => !local.some((other) => other !== w && compact(other).includes(compact(w))));
  return kept.slice(0, limit);
}

type StoredRanked = { institute?: string | null; score?: number | null; match?: unknown };
type StoredAspect = { label?: string | null; requested?: boolean | null; coveredBy?: string | null };
export type StoredRouting = {
  ranked: StoredRanked[];
  team: string[];
  aspects?: StoredAspect[];
  skipped: { institute?: string | null; status?: string | null; reason?: string | null }[];
};

export const matchOf = (entry: StoredRanked | undefined): Partial<MatchDetail> =>
  entry?.match && typeof entry.match === 'object' ? (entry.match as Partial<MatchDetail>) : {};

const instituteName = (code: string, locale: Locale) => instituteNamesIn(locale).get(code) ?? code;

/** The need a member covers: the requested aspect the engine gave it, else its strongest matched concept. */
export function needOf(
  code: string,
  routing: StoredRouting,
  match: Partial<MatchDetail>,
  locale: Locale,
): string | undefined {
  const aspects = (routing.aspects ?? []).filter((a) => a.coveredBy === code && a.label);
  const ordered = [...aspects.filter((a) => a.requested), ...aspects.filter((a) => !a.requested)];
  const candidates = [...ordered.map((a) => a.label ?? ''), ...(match.concepts ?? []), ...(match.expertise ?? [])];
  return localWords(candidates, locale, 1)[0];
}

export type TeamMemberWhy = { code: string; name: string; role: 'lead' | 'participant'; sentence: string };

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function sentenceFor(need: string | undefined, match: Partial<MatchDetail>, fit: number | undefined, locale: Locale) {
  const sentence = sentenceOf(need, match, fit, locale);
  return locale === 'en' ? capitalized(sentence) : sentence;
}

function sentenceOf(need: string | undefined, match: Partial<MatchDetail>, fit: number | undefined, locale: Locale) {
  const equipment = localWords(match.equipment, locale, 2).join(', ');
  const expertise = localWords(match.expertise, locale, 2).join(', ');
  const params = { need: need ?? translate(locale, 'why.generalNeed'), equipment, expertise };
  if (!need && !equipment && !expertise)
    return fit === undefined
      ? translate(locale, 'why.noDetail')
      : translate(locale, 'why.fitOnly', { fit: `${Math.round(fit * 100)}%` });
  if (equipment && expertise) return translate(locale, 'why.both', params);
  if (equipment) return translate(locale, 'why.equipment', params);
  if (expertise) return translate(locale, 'why.expertise', params);
  return translate(locale, 'why.needOnly', params);
}

/** One sentence per member of the case's current team, lead first. */
export function teamWhy(
  team: { lead?: string | null; participants: string[] },
  routing: StoredRouting | null | undefined,
  locale: Locale,
): TeamMemberWhy[] {
  const members = [team.lead, ...team.participants].filter((code): code is string => !!code);
  return members.map((code, i) => {
    const entry = routing?.ranked.find((r) => r.institute === code);
    const match = matchOf(entry);
    const need = routing ? needOf(code, routing, match, locale) : undefined;
    return {
      code,
      name: instituteName(code, locale),
      role: i === 0 ? 'lead' : 'participant',
      sentence: sentenceFor(need, match, entry?.score ?? undefined, locale),
    };
  });
}

export type RankedWhy = {
  code: string;
  name: string;
  fit: number;
  onTeam: boolean;
  lines: { label: string; items: string }[];
};

/** The engine's detail per ranked institute, for the desk and institutes (folded away on the page). */
export function rankingWhy(
  routing: StoredRouting,
  team: { lead?: string | null; participants: string[] },
  locale: Locale,
  limit = 5,
): RankedWhy[] {
  const onTeam = new Set([team.lead, ...team.participants]);
  return routing.ranked.slice(0, limit).map((entry) => {
    const match = matchOf(entry);
    const line = (key: keyof MatchDetail, words: string[]) =>
      words.length ? [{ label: translate(locale, `why.detail.${key}`), items: words.join(', ') }] : [];
    const code = entry.institute ?? '';
    return {
      code,
      name: instituteName(code, locale),
      fit: entry.score ?? 0,
      onTeam: onTeam.has(code),
      lines: [
        ...line('concepts', localWords(match.concepts, locale, 6)),
        ...line('expertise', localWords(match.expertise, locale, 4)),
        ...line('equipment', localWords(match.equipment, locale, 2)),
        ...line(
          'services',
          (match.services ?? []).map((s) => translate(locale, `services.${s}`)),
        ),
        ...line('industries', localWords(match.industries, locale, 3)),
        ...line(
          'fields',
          (match.fields ?? []).map((f) => translate(locale, `fields.${f}`)),
        ),
      ],
    };
  });
}

/** Institutes the engine left out, with why, in the reader's language. */
export function skippedWhy(routing: StoredRouting, locale: Locale) {
  return routing.skipped.map((s) => ({
    code: s.institute ?? '',
    reason: s.status ? translate(locale, `why.skipped.${s.status}`) : (s.reason ?? ''),
  }));
}
