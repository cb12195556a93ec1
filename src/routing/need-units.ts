// Need units: the separate things a request asks for. A request lists its needs in
// many ways — one sentence joined by 와/과/및, commas or ①②③, a second need in a later
// sentence, a symptom ("방사 노이즈 기준을 못 넘었습니다") — so the text is cut at every
// sentence and coordination, and each piece is routed on its own (team-features.ts).
// Which pieces are real needs is not decided here: the team model learns how much a
// piece covered by another institute should count (need sentence or background, its
// share of the evidence). Pure.
import { sentencesOf } from './lexicon';

/** Enumeration marks and list bullets that start a new item. */
const ENUMERATION = /[①②③④⑤⑥⑦⑧⑨⑩]|(?:^|\s)(?:\d+[.)]|[-•·*])\s+/g;
/**
 * Coordination between noun phrases or clauses: 와/과/및/그리고/또한/and, a comma or a
 * semicolon, and clause endings that chain asks (…하고, …하며, …이며, …이고) — not the
 * auxiliary constructions that continue one ask (…하고 싶습니다, …하고 있습니다).
 */
const COORDINATION =
  /\s*(?:[,;]|(?<=[가-힣])(?:와|과)\s|\s및\s|\s그리고\s|\s또한\s|\s(?:and|as well as|plus)\s|(?<=[가-힣](?:하고|하며|이며|이고|되고))\s(?!싶|있|계|말|보|나서|주))\s*/gi;
const MIN_UNIT_CHARS = 4;

/** The units of one sentence, in order. */
function unitsOfSentence(sentence: string): string[] {
  return sentence
    .replace(ENUMERATION, '\n')
    .split('\n')
    .flatMap((item) => item.split(COORDINATION))
    .map((unit) => unit.trim())
    .filter((unit) => unit.replace(/\s/g, '').length >= MIN_UNIT_CHARS);
}

/** The request's need units: its title, then every sentence's coordinated pieces. */
export function needUnits(title: string, description: string): string[] {
  const units = [title, ...sentencesOf(description).flatMap(unitsOfSentence)];
  return [...new Set(units.map((unit) => unit.trim()).filter(Boolean))];
}
