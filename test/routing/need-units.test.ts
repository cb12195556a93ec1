import { expect } from 'chai';
import { needUnits } from '../../src/routing/need-units';

describe('routing / need units', () => {
  it('cuts coordinated needs in one sentence (와/과, commas) into units', () => {
    expect(
      needUnits('선박 추진계', '프로펠러 캐비테이션 해석과 축계 진동 측정, 선급 인증 준비가 필요합니다.'),
    ).to.deep.equal(['선박 추진계', '프로펠러 캐비테이션 해석', '축계 진동 측정', '선급 인증 준비가 필요합니다.']);
  });

  it('cuts enumerations (①②③), later sentences and English "and"', () => {
    const units = needUnits(
      't',
      '① XRD 분석 ② SEM 관찰. 인증 시험에서 방사 노이즈 기준을 못 넘었습니다. We need EMC testing and thermal analysis',
    );
    expect(units).to.include.members([
      'XRD 분석',
      'SEM 관찰.',
      '인증 시험에서 방사 노이즈 기준을 못 넘었습니다.',
      'We need EMC testing',
      'thermal analysis',
    ]);
  });

  it('keeps words that merely end in 과 or 와 whole', () => {
    expect(needUnits('효과 검증', '코팅 효과를 확인하고 싶습니다.')).to.deep.equal([
      '효과 검증',
      '코팅 효과를 확인하고 싶습니다.',
    ]);
  });
});
