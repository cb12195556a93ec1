import { expect } from 'chai';
import { analyseText, defaultLexicon, mentionsJointNeed, needSentences } from '../../src/routing/lexicon';
import { textFeatureSet } from '../../src/routing/features';

const lexicon = defaultLexicon();

function conceptsOf(text: string): string[] {
  return analyseText(lexicon, text).hits.map((hit) => lexicon.concepts[hit.concept]?.id ?? '');
}

describe('routing / synonyms', () => {
  it('maps Korean, English and spelling variants to one concept', () => {
    for (const text of ['이차전지', '2차전지 셀', '배터리', 'Battery', '리튬이온 전지', 'lithium-ion cell']) {
      expect(conceptsOf(text), text).to.include('battery');
    }
    expect(conceptsOf('semiconductor')).to.include('semiconductor');
    expect(conceptsOf('반도체')).to.include('semiconductor');
  });

  it('ignores spacing inside Korean terms and finds terms inside compounds', () => {
    expect(conceptsOf('고장 원인')).to.include('failure-analysis');
    expect(conceptsOf('고장원인을')).to.include('failure-analysis');
    expect(conceptsOf('해수부식')).to.include('corrosion');
    expect(conceptsOf('내플라즈마')).to.include('plasma-resistance');
  });

  it('only matches Latin terms on word edges', () => {
    expect(conceptsOf('controlled release')).to.not.include('led-lighting');
    expect(conceptsOf('LED 조명')).to.include('led-lighting');
  });

  it('lets a phrase consume its words, so an ambiguous word does not count twice', () => {
    const features = textFeatureSet(lexicon, 'EMC 방사 방출 불합격');
    expect(features.has('c:emc')).to.equal(true);
    expect(features.has('w:방사')).to.equal(false);
  });

  it('lets the longer of two crossing matches win', () => {
    expect(conceptsOf('철도 차량용 부품')).to.include('railway').and.not.include('auto-parts');
  });

  it('finds need sentences and joint-need cues', () => {
    const text = '알루미늄 하우징을 생산합니다. 주조 조건 개선과 신뢰성 평가가 모두 필요합니다.';
    expect(needSentences(lexicon, text)).to.deep.equal(['주조 조건 개선과 신뢰성 평가가 모두 필요합니다.']);
    expect(mentionsJointNeed(lexicon, text)).to.equal(true);
    expect(mentionsJointNeed(lexicon, '주조 조건 개선이 필요합니다.')).to.equal(false);
  });
});
