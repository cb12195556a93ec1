// A naive BM25 router over the same catalogue, the baseline the engine must beat
// (scripts/train-route.ts prints both). Each institute is one document: its names,
// fields, industries, expertise, services and equipment. Words and Hangul bigrams;
// the team is the top institute, plus the second when it scores within 80% of it.
import type { Catalogue } from '../src/institutes/catalogue';
import type { RoutingAnswer } from '../src/routing/evaluate';

const K1 = 1.2;
const B = 0.75;
const SECOND_WITHIN = 0.8;

function tokens(text: string): string[] {
  const words = text
    .toLowerCase()
    .split(/[^0-9a-z가-힣]+/)
    .filter(Boolean);
  return words.flatMap((word) =>
    /[가-힣]/.test(word) && word.length > 2
      ? Array.from({ length: word.length - 1 }, (_, i) => word.slice(i, i + 2))
      : [word],
  );
}

export type Bm25 = {
  codes: string[];
  docs: Map<string, number>[];
  lengths: number[];
  avg: number;
  df: Map<string, number>;
};

export function bm25Index(catalogue: Catalogue): Bm25 {
  const docs = catalogue.institutes.map((i) => {
    const text = [
      i.nameKo,
      i.nameEn,
      ...i.fields,
      ...i.industries,
      ...i.expertise,
      ...i.services,
      ...i.equipment.flatMap((e) => [e.name, e.nameEn ?? '', ...e.capabilities]),
    ].join(' ');
    const counts = new Map<string, number>();
    for (const t of tokens(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
    return counts;
  });
  const lengths = docs.map((d) => [...d.values()].reduce((a, b) => a + b, 0));
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  return {
    codes: catalogue.institutes.map((i) => i.code),
    docs,
    lengths,
    avg: lengths.reduce((a, b) => a + b, 0) / (lengths.length || 1),
    df,
  };
}

export function bm25Answer(
  index: Bm25,
  request: { id: string | number; title: string; description: string },
): RoutingAnswer {
  const query = tokens(`${request.title} ${request.description}`);
  const n = index.docs.length;
  const scores = index.docs.map((doc, d) =>
    query.reduce((sum, t) => {
      const f = doc.get(t) ?? 0;
      if (!f) return sum;
      const df = index.df.get(t) ?? 0;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      return sum + (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * (index.lengths[d] ?? 0)) / index.avg));
    }, 0),
  );
  const ranked = index.codes
    .map((code, i) => ({ institute: code, score: scores[i] ?? 0 }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score);
  const [top, second] = ranked;
  const team = top
    ? [top.institute, ...(second && second.score >= top.score * SECOND_WITHIN ? [second.institute] : [])]
    : [];
  return { id: request.id, ranked, team, convergence: team.length > 1 };
}
