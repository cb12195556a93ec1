// The instrument synonym table: every name, acronym and alias of each kind of
// instrument in instrument-types.json ("주사전자현미경" ↔ "SEM" ↔ "scanning electron
// microscope"), and the routing lexicon's capability terms ("열충격" ↔ "thermal
// shock"). Search uses both to widen a query (search-index.ts). Pure once built.
import { analyseText, defaultLexicon, type Lexicon } from '../routing/lexicon';
import { rawTokens } from '../routing/tokenize';
import { compact } from './search-index';
import type { InstrumentType } from './instrument-types';

/** More names than this for one query say it was too vague to widen. */
const MAX_NAMES = 16;

export class InstrumentSynonyms {
  private readonly groups = new Map<string, string[][]>();

  constructor(
    types: InstrumentType[],
    private readonly lexicon: Lexicon = defaultLexicon(),
  ) {
    // Any name or alias finds the kind; the kind is widened only by its own names and
    // acronyms, since an alias ("전자현미경") may be shared by several kinds.
    for (const type of types) {
      const names = [type.nameKo, type.nameEn, ...type.acronyms];
      for (const name of [...names, ...type.aliases]) {
        const key = compact(name);
        if (key) this.groups.set(key, [...(this.groups.get(key) ?? []), names]);
      }
    }
  }

  /**
   * The other names of the instruments the query names: `whole` when the whole query is
   * one of their names ("주사전자현미경"), `partial` when only a run of its words is
   * ("X-ray" in "x-ray photoelectron spectroscopy").
   */
  otherNames(query: string): { whole: string[]; partial: string[] } {
    const words = rawTokens(query);
    const typed = compact(query);
    const named = (run: string) => (this.groups.get(run) ?? []).flat().filter((name) => compact(name) !== typed);
    const whole = [...new Set(named(compact(words.join(''))))];
    const partial = new Set<string>();
    for (let from = 0; from < words.length; from++)
      for (let to = from + 1; to <= words.length; to++)
        if (to - from < words.length)
          for (const name of named(compact(words.slice(from, to).join('')))) partial.add(name);
    return {
      whole: whole.slice(0, MAX_NAMES),
      partial: [...partial].filter((n) => !whole.includes(n)).slice(0, MAX_NAMES),
    };
  }

  /** The routing lexicon's terms for the capabilities the query names. */
  capabilityTerms(query: string): string[] {
    const concepts = new Set(analyseText(this.lexicon, query).hits.map((hit) => hit.concept));
    return [...concepts].flatMap((c) => this.lexicon.concepts[c]?.terms ?? []);
  }
}
