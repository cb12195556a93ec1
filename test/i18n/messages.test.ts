// Sentences the system writes for people: Korean particles chosen by the word before
// them, messages rendered in the reader's language, user data marked as such, and
// service sentences with an English translation.
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { renderMessage, renderMessageHtml, withParticles } from '../../src/i18n/messages';
import { serverText } from '../../src/i18n/server-text';
import catalogue from '../../src/i18n/locales/server-en.json';

describe('system messages in the reader’s language', () => {
  it('chooses 이/가, 을/를, 은/는, 과/와 and (으)로 by the final sound of the word before', () => {
    expect(withParticles('KIER이(가) 거절')).to.equal('KIER이 거절');
    expect(withParticles('(주)한빛소재이(가) 요청')).to.equal('(주)한빛소재가 요청');
    expect(withParticles('한국기계연구원은(는) 수락')).to.equal('한국기계연구원은 수락');
    expect(withParticles('장비을(를) 요청')).to.equal('장비를 요청');
    expect(withParticles('KIMM(으)로, 서울(으)로, 부산(으)로')).to.equal('KIMM으로, 서울로, 부산으로');
    expect(withParticles('소재과(와) 부품')).to.equal('소재와 부품');
  });

  it('renders one stored message in Korean and English, with no particle markers left', () => {
    const message = { key: 'accepted', params: { institute: 'KIER', engineer: '박엔지' } };
    expect(renderMessage('ko', message)).to.equal('KIER에서 과제를 수락했습니다 (담당 박엔지).');
    expect(renderMessage('en', message)).to.equal('KIER accepted the case (engineer: 박엔지).');
    const company = { key: 'equipmentRequested', params: { company: '(주)한빛소재', equipment: 'FE-SEM' } };
    expect(renderMessage('ko', company)).to.equal('(주)한빛소재가 장비 사용을 요청했습니다: FE-SEM');
  });

  it('marks what people wrote as translate="no" and escapes it in page HTML', () => {
    const html = renderMessageHtml('en', { key: 'noteAdded', params: { author: '<b>김</b>', title: '균열' } });
    expect(html).to.equal(
      '<span translate="no">&#60;b&#62;김&#60;/b&#62;</span> added a progress note: <span translate="no">균열</span>',
    );
    expect(renderMessageHtml('ko', { key: 'noteAdded', params: { author: '<b>', title: 't' } })).to.not.contain('<b>');
  });

  it("shows a support type, the system's own word, in the reader's language and not as user text", () => {
    const support = { key: 'auditSupport', params: { service: '시험분석', institute: 'KETI' } };
    expect(renderMessage('ko', support)).to.equal('시험분석 (KETI)');
    expect(renderMessageHtml('en', support)).to.equal('Testing and analysis (<span translate="no">KETI</span>)');
  });

  it('translates service sentences, their varying parts and the status names inside them', () => {
    expect(serverText('en', '제목을 4자 이상 입력해 주세요.')).to.equal('Enter a title of at least 4 characters.');
    expect(serverText('en', '시도 횟수가 너무 많습니다. 15분 뒤에 다시 시도해 주세요.')).to.equal(
      'Too many attempts. Try again in 15 minutes.',
    );
    expect(
      serverText('en', "'종료 확인'은(는) '해결' 상태에서만 할 수 있습니다. 이 과제는 지금 '진행 중' 상태입니다."),
    ).to.not.match(/[\uac00-\ud7a3]/);
    expect(serverText('ko', '제목을 4자 이상 입력해 주세요.')).to.equal('제목을 4자 이상 입력해 주세요.');
    expect(serverText('en', '어디에도 없는 문장')).to.equal('어디에도 없는 문장');
  });

  it('has an English sentence for every Korean sentence a service throws or a schema answers', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
      });
    const thrown =
      /(?:badRequest|conflict|forbidden|notFound|unauthorized|tooManyRequests|AppError\(\d+,)\(?\s*'([^']*[\uac00-\ud7a3][^']*)'|(?:message|\.min\(\d+|\.max\(\d+|\.int\(|\.refine\([^,]+)[:,]?\s*'([^']*[\uac00-\ud7a3][^']*)'/g;
    const known = catalogue.messages as Record<string, string>;
    const missing = files(path.resolve(import.meta.dirname, '../../src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(thrown)]
        .map((m) => m[1] ?? m[2] ?? '')
        .filter((sentence) => !known[sentence])
        .map((sentence) => `${path.basename(file)}: ${sentence}`),
    );
    expect(missing).to.deep.equal([]);
  });
});
