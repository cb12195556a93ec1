import { expect } from 'chai';
import { hangulBigrams, stripKoreanSuffix, tokenize } from '../../src/routing/tokenize';

describe('routing / tokenize', () => {
  it('strips Korean particles and verb endings but keeps short nouns', () => {
    expect(stripKoreanSuffix('배터리가')).to.equal('배터리');
    expect(stripKoreanSuffix('공정에서는')).to.equal('공정');
    expect(stripKoreanSuffix('발생합니다')).to.equal('발생');
    expect(stripKoreanSuffix('부품들의')).to.equal('부품');
    expect(stripKoreanSuffix('평가')).to.equal('평가');
    expect(stripKoreanSuffix('회로')).to.equal('회로');
  });

  it('tokenises mixed Korean and English, lower-casing and splitting scripts', () => {
    const tokens = tokenize('GaN 에피웨이퍼의 MOCVD 성장 조건을 검토');
    expect(tokens).to.include.members(['gan', '에피웨이퍼', 'mocvd', '성장', '조건', '검토']);
    expect(tokenize('5G안테나')).to.include.members(['5g', '안테나']);
  });

  it('normalises case, full-width letters, plurals and hyphenated words', () => {
    expect(tokenize('ＬＥＤ Sensors')).to.deep.equal(['led', 'sensor']);
    expect(tokenize('ICP-MS')).to.include.members(['icpms', 'icp', 'ms']);
  });

  it('drops numbers and function words', () => {
    expect(tokenize('the 1,000 hours and 500')).to.deep.equal(['hour']);
  });

  it('gives spacing variants of a compound the same bigrams', () => {
    const joined = hangulBigrams('방진고무');
    const spaced = [...hangulBigrams('방진'), ...hangulBigrams('고무')];
    expect(joined).to.include.members(spaced);
  });
});
