/** Any Hangul letter or syllable: tells Korean words from Latin ones. */
export const HANGUL = /[\u3131-\u318e\uac00-\ud7a3]/;
