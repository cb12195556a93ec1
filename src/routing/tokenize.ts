// Language handling without a morphological analyser: normalised word tokens, Korean
// particles and verb endings stripped by suffix list, and Hangul character bigrams so
// that compounds and spacing variants ("방진고무" / "방진 고무") still meet.

const WORD = /[가-힣]+|[a-z0-9]+(?:[-.][a-z0-9]+)*/g;
const HANGUL = /^[가-힣]+$/;
const DIGITS = /^[0-9.-]+$/;

// Longest first; a suffix is only stripped when at least two syllables remain, so
// short nouns that happen to end like a particle (평가, 회로, 온도) survive intact.
const KOREAN_SUFFIXES = [
  '했습니다',
  '되었습니다',
  '하였습니다',
  '합니다',
  '됩니다',
  '습니다',
  '입니다',
  '했는데',
  '하는데',
  '되는데',
  '하려면',
  '하려고',
  '하면서',
  '되면서',
  '에서는',
  '으로는',
  '에서의',
  '으로의',
  '에게서',
  '까지의',
  '하지만',
  '했지만',
  '이라서',
  '해서',
  '하여',
  '하고',
  '하며',
  '하는',
  '하던',
  '했던',
  '되는',
  '되어',
  '되고',
  '되지',
  '부터',
  '까지',
  '에서',
  '으로',
  '에게',
  '처럼',
  '보다',
  '이나',
  '이며',
  '이고',
  '이다',
  '과의',
  '와의',
  '에는',
  '에도',
  '로는',
  '된',
  '할',
  '한',
  '을',
  '를',
  '이',
  '가',
  '은',
  '는',
  '의',
  '에',
  '로',
  '와',
  '과',
  '도',
  '만',
  '들',
].sort((a, b) => b.length - a.length);

const STOPWORDS = new Set([
  // request fluff (Korean)
  '필요',
  '문제',
  '지원',
  '요청',
  '발생',
  '경우',
  '현재',
  '당사',
  '저희',
  '고객',
  '고객사',
  '관련',
  '방법',
  '가능',
  '진행',
  '이후',
  '기업',
  '업체',
  '회사',
  '어디',
  '싶습',
  '받고',
  '받을',
  '있을',
  '있습',
  '있는',
  '없는',
  '없습',
  '주세',
  '도와',
  '원합',
  '원하',
  '위해',
  '통해',
  '대한',
  '대해',
  '그리고',
  '하지',
  '때문',
  '정도',
  '이상',
  '이하',
  '최근',
  '계속',
  '자주',
  '함께',
  '모두',
  '이번',
  '어떻게',
  '무엇',
  '어떤',
  '싶어',
  '있어',
  '주실',
  '찾습',
  '찾고',
  '같은',
  '다른',
  '우리',
  '제품',
  // English function words
  'the',
  'and',
  'for',
  'with',
  'our',
  'we',
  'is',
  'are',
  'was',
  'were',
  'be',
  'to',
  'of',
  'in',
  'on',
  'at',
  'by',
  'an',
  'a',
  'or',
  'it',
  'its',
  'this',
  'that',
  'from',
  'as',
  'us',
  'need',
  'needs',
  'want',
  'help',
  'please',
  'can',
  'could',
  'would',
  'how',
  'what',
  'after',
  'when',
  'up',
  'do',
  'does',
  'have',
  'has',
  'not',
  'but',
  'into',
  'some',
  'any',
]);

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function isHangul(word: string): boolean {
  return HANGUL.test(word);
}

/** Whether a word ends in a particle or verb ending the tokeniser knows (고객사는, 있습니다), stripped or not. */
export function hasKoreanEnding(word: string): boolean {
  return KOREAN_SUFFIXES.some((suffix) => word.endsWith(suffix));
}

export function stripKoreanSuffix(word: string): string {
  let stem = word;
  for (let pass = 0; pass < 2; pass++) {
    const suffix = KOREAN_SUFFIXES.find((s) => stem.endsWith(s) && stem.length - s.length >= 2);
    if (!suffix) break;
    stem = stem.slice(0, -suffix.length);
  }
  return stem;
}

export function stemEnglish(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Raw tokens in reading order (normalised, before stemming): the input of phrase matching. */
export function rawTokens(text: string): string[] {
  return normalizeText(text).match(WORD) ?? [];
}

/** Index terms of one raw token: stem, surface form, and the parts of hyphenated words. */
export function wordTerms(token: string): string[] {
  if (isHangul(token)) {
    const stem = stripKoreanSuffix(token);
    return keep(stem === token ? [token] : [stem, token]);
  }
  if (DIGITS.test(token)) return [];
  if (!/[-.]/.test(token)) return keep([stemEnglish(token)]);
  const parts = token.split(/[-.]/);
  return keep([parts.join(''), ...parts.map(stemEnglish)]);
}

function keep(terms: string[]): string[] {
  return terms.filter((t) => t.length >= 2 && !STOPWORDS.has(t) && !DIGITS.test(t));
}

/** Character bigrams of a Hangul stem; a two-syllable word is its own bigram. */
export function hangulBigrams(stem: string): string[] {
  if (!isHangul(stem) || stem.length < 2 || STOPWORDS.has(stem)) return [];
  const grams: string[] = [];
  for (let i = 0; i + 2 <= stem.length; i++) grams.push(stem.slice(i, i + 2));
  return grams;
}

/** Word terms of a text, in order (stems plus surface forms). */
export function tokenize(text: string): string[] {
  return rawTokens(text).flatMap(wordTerms);
}
