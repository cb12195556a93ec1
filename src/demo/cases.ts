// The demo cases: realistic requests, each played up to the state named in `until`.
export type DemoCase = {
  company: string;
  /** 'submitted' means every candidate declined, so the case waits for the desk. */
  until: 'draft' | 'submitted' | 'routed' | 'accepted' | 'in_progress' | 'resolved' | 'closed';
  joinWith?: string;
  input: Record<string, unknown>;
};

export const DEMO_CASES: DemoCase[] = [
  {
    company: 'company1@demo.test',
    until: 'draft',
    input: {
      title: '양극재 코팅 균일도 개선',
      description:
        '이차전지 양극재 표면 코팅 두께가 로트마다 달라 고객사 수명 시험에서 편차가 큽니다. 코팅 공정 조건 자문을 받고 싶습니다.',
      supportTypes: ['기술자문'],
      supplyChainItem: true,
    },
  },
  {
    company: 'company1@demo.test',
    until: 'routed',
    joinWith: 'KBSI',
    input: {
      title: '전해질 첨가제 불순물 분석',
      description:
        '리튬이온 배터리 전해질 첨가제 합성 후 미량 금속 불순물이 고객 기준을 넘습니다. ICP-MS 분석과 정제 공정 자문이 필요합니다.',
      industry: '이차전지',
      supportTypes: ['시험분석', '기술자문'],
      supplyChainItem: true,
    },
  },
  {
    company: 'company2@demo.test',
    until: 'accepted',
    input: {
      title: '알루미늄 다이캐스팅 기공 불량',
      description:
        '자동차용 알루미늄 하우징 다이캐스팅 제품 내부 기공으로 기밀 시험 불량률이 8%입니다. 금형 설계와 주조 조건 개선이 필요합니다.',
      industry: '자동차',
      supportTypes: ['기술자문', '설계·해석'],
    },
  },
  {
    company: 'company1@demo.test',
    until: 'in_progress',
    joinWith: 'KTL',
    input: {
      title: '전력반도체 모듈 열충격 신뢰성 평가',
      description:
        '전기차 인버터용 SiC 전력반도체 모듈의 세라믹 기판이 열충격 시험 후 균열이 생깁니다. 기판 소재 분석과 모듈 신뢰성 평가를 함께 받고 싶습니다.',
      industry: '반도체',
      supportTypes: ['시험분석', '신뢰성평가'],
    },
  },
  {
    company: 'company2@demo.test',
    until: 'resolved',
    input: {
      title: '감속기 기어 조기 마모 원인',
      description:
        '산업용 로봇 감속기 기어가 예상 수명의 절반에서 마모됩니다. 고장 원인 분석과 열처리 조건 검토를 요청합니다.',
      industry: '로봇',
      supportTypes: ['고장원인분석'],
    },
  },
  {
    company: 'company1@demo.test',
    until: 'closed',
    input: {
      title: '탄소섬유 복합재 층간 박리',
      description:
        '드론 프레임용 탄소섬유 복합재에서 층간 박리가 발생합니다. 성형 조건과 수지 함침 개선 방안, 강도 시험을 요청합니다.',
      supportTypes: ['시험분석', '기술자문'],
    },
  },
  {
    company: 'company2@demo.test',
    until: 'submitted',
    input: {
      title: '수소 배관용 실링 소재 투과도 평가',
      description:
        '수소 충전소 배관용 고무 실링 소재의 고압 수소 투과도와 블리스터 평가가 필요합니다. 국내에 맞는 시험 기관을 찾기 어렵습니다.',
      supportTypes: ['시험분석', '신뢰성평가'],
    },
  },
];
