import { expect } from 'chai';
import { expandQuery, normalizeQuery, searchPattern, termPattern, textMatcher } from '../../src/equipment/search';

describe('equipment search terms (pure)', () => {
  it('normalises case and spaces', () => {
    expect(normalizeQuery('  Thermal   SHOCK ')).to.equal('thermal shock');
  });

  it('expands a Korean capability with its English synonyms and back', () => {
    expect(expandQuery('열충격')).to.include('thermal shock');
    expect(expandQuery('Thermal Shock')).to.include('열충격');
    expect(expandQuery('열충격 시험기를')).to.include('thermal shock');
  });

  it('lets Korean terms match with or without spaces, Latin terms on word edges only', () => {
    const korean = new RegExp(termPattern('열충격'), 'i');
    expect(korean.test('열 충격 시험')).to.equal(true);
    expect(korean.test('열충격')).to.equal(true);
    const latin = new RegExp(termPattern('led'), 'i');
    expect(latin.test('LED 광원')).to.equal(true);
    expect(latin.test('controlled atmosphere')).to.equal(false);
    expect(new RegExp(termPattern('scale-up'), 'i').test('scale up')).to.equal(true);
  });

  it('treats the typed query as a word prefix and escapes regex characters', () => {
    const pattern = searchPattern('chamb');
    expect(pattern?.test('thermal shock chamber')).to.equal(true);
    expect(searchPattern('a+b(')?.test('a+b(')).to.equal(true);
    expect(searchPattern('   ')).to.equal(undefined);
  });

  it('matches name, English name and capabilities, and every word of a phrase anywhere', () => {
    const item = { name: '겔 투과 크로마토그래피', nameEn: 'GPC system', capabilities: ['molecular weight'] };
    expect(textMatcher(undefined)(item)).to.equal(true);
    expect(textMatcher('GPC')(item)).to.equal(true);
    expect(textMatcher('weight molecular')(item), 'every word, in any order').to.equal(true);
    expect(textMatcher('pilot reactor')(item)).to.equal(false);
  });
});
