import { expect } from 'chai';
import {
  additiveNeeds,
  analyseText,
  applicationPhrases,
  defaultLexicon,
  mentionsJointNeed,
  needClauses,
  needSentences,
} from '../../src/routing/lexicon';
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

  it('does not start a term in the last syllable of a word', () => {
    expect(conceptsOf('안전 측정을 받고 싶고, 로봇 제어기')).to.not.include('steel');
    expect(conceptsOf('고로 슬래그')).to.include('steel');
    expect(conceptsOf('방진 고무')).to.deep.equal(conceptsOf('방진고무'));
  });

  it('finds asks added with the additive particle 도 before a need verb', () => {
    expect(additiveNeeds('광학 설계를 받고 싶고, 하우징 사출 휨 개선도 원합니다.')).to.deep.equal([
      '하우징 사출 휨 개선도 원합',
    ]);
    expect(additiveNeeds('배합 조정이 필요할 것 같고 소재 시험도 하고 싶습니다.')).to.deep.equal([
      '소재 시험도 하고 싶',
    ]);
    expect(additiveNeeds('금형 설계를 받고 싶고, 표면 처리도 같이 봐주셨으면 합니다.')).to.deep.equal([
      '표면 처리도 같이 봐주셨으면',
    ]);
    expect(additiveNeeds('표면 온도 관리가 필요합니다.')).to.deep.equal([]);
    expect(additiveNeeds('시험 일정도 문의드립니다. 소요기간도 알려주세요.')).to.deep.equal([]);
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

  it('takes generic coordination in a need sentence as a joint cue, but not a "together with us" phrasing', () => {
    expect(mentionsJointNeed(lexicon, '부식 평가와 절연 설계 개선 둘 다 필요해요.')).to.equal(true);
    expect(mentionsJointNeed(lexicon, '광학 설계 검토, 그리고 진동 시험까지 받고 싶습니다.')).to.equal(true);
    expect(mentionsJointNeed(lexicon, '성장 조건을 함께 검토할 팹이 필요합니다.')).to.equal(false);
  });

  it('drops the scene-setting clause of a need sentence', () => {
    expect(needClauses(lexicon, '사출 공장 데이터를 모으고 있는데 불량 예측 모델 자문이 필요합니다.')).to.deep.equal([
      '불량 예측 모델 자문이 필요합니다.',
    ]);
  });

  it('finds application phrases ("N용"), not words that merely end in 용', () => {
    expect(applicationPhrases('ESS용 배터리 모듈과 선박용 펌프')).to.deep.equal(['ess용', '선박용']);
    expect(applicationPhrases('재활용 공정에 적용하고 장비를 사용합니다')).to.deep.equal([]);
  });

  it('does not read 합성 (synthesis) inside 적합성 (compatibility)', () => {
    expect(conceptsOf('전자파 적합성')).to.include('emc').and.not.include('fine-chemical');
  });
});
