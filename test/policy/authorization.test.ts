// The authorisation matrix: who may do what with a case, over the JSON API.
//   anonymous                         → 401
//   a case the user may not see       → 404 (never 403, so a case's existence never leaks)
//   visible, but the role may not act → 403
//   allowed role, wrong state         → 409 with a sentence saying why
// The refusal rows run against the demo cases (which they never change); the rows that
// succeed walk a fresh case through its whole lifecycle.
import { expect } from 'chai';
import type { Express } from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import type { Actor } from '../../src/accounts/roles';
import { periodOf } from '../../src/cases/list-keys';
import { Case, type CaseDoc } from '../../src/cases/model';
import { accessOf } from '../../src/cases/store';
import { AppError } from '../../src/core/errors';
import { DEMO_CASES } from '../../src/demo/cases';
import { DEMO_PASSWORD, demoActor } from '../../src/demo/seed';
import { seedCatalogue } from '../../src/institutes/catalogue';
import {
  authorize,
  canViewCase,
  caseListScope,
  institutesWithAccess,
  isAllowed,
  type CaseAccess,
} from '../../src/policy/policy';
import { testApp } from '../support/app';
import { demoData, sampleCase, type Agent } from '../support/demo';

type Who =
  | 'anonymous'
  | 'owner'
  | 'otherCompany'
  | 'leadEngineer'
  | 'participantEngineer'
  | 'unrelatedEngineer'
  | 'leadManager'
  | 'coordinator'
  | 'admin';
type CaseKey = 'draft' | 'routed' | 'accepted' | 'inProgress' | 'resolved' | 'closed';
type Method = 'get' | 'put' | 'post';
type Body = Record<string, unknown>;
/** A body may depend on the case as it is when the request is made. */
type Endpoint = { name: string; method: Method; path: string; body?: Body | ((c: CaseDoc) => Body) };
type Cell = [who: Who, on: CaseKey, status: number];

const NOT_FOUND = '과제를 찾을 수 없습니다.';

const transitionTo = (body: Record<string, unknown>): Endpoint => ({
  name: `POST /api/cases/:id/transitions ${String(body.action)}`,
  method: 'post',
  path: '/api/cases/:id/transitions',
  body,
});

const ENDPOINTS = {
  view: { name: 'GET /api/cases/:id', method: 'get', path: '/api/cases/:id' },
  edit: { name: 'PUT /api/cases/:id', method: 'put', path: '/api/cases/:id', body: sampleCase },
  submit: transitionTo({ action: 'submit' }),
  accept: transitionTo({ action: 'accept' }),
  decline: transitionTo({ action: 'decline', reason: '해당 장비가 점검 중입니다.' }),
  start: transitionTo({ action: 'start' }),
  resolve: transitionTo({
    action: 'resolve',
    summary: '원인을 분석하고 개선 조건을 제시했습니다.',
    result: '불량률이 줄었습니다.',
    technologyTransfer: false,
  }),
  close: transitionTo({ action: 'close', satisfaction: 6, comment: '감사합니다.' }),
  reassign: transitionTo({ action: 'reassign', institute: 'KRISS' }),
  team: {
    name: 'POST /api/cases/:id/team',
    method: 'post',
    path: '/api/cases/:id/team',
    body: { lead: 'KETI', participants: ['KTL'] },
  },
  due: { name: 'POST /api/cases/:id/due', method: 'post', path: '/api/cases/:id/due', body: { dueAt: '2027-03-31' } },
  reroute: { name: 'POST /api/cases/:id/reroute', method: 'post', path: '/api/cases/:id/reroute', body: {} },
  notes: {
    name: 'POST /api/cases/:id/notes',
    method: 'post',
    path: '/api/cases/:id/notes',
    body: { text: '시료를 받았습니다.' },
  },
  audit: { name: 'GET /api/cases/:id/audit', method: 'get', path: '/api/cases/:id/audit' },
} satisfies Record<string, Endpoint>;

/** The refusal matrix (and the read-only successes) on the demo cases. */
const MATRIX: { endpoint: Endpoint; cells: Cell[] }[] = [
  {
    endpoint: ENDPOINTS.view,
    cells: [
      ['anonymous', 'routed', 401],
      ['owner', 'draft', 200],
      ['owner', 'routed', 200],
      ['owner', 'resolved', 200],
      ['otherCompany', 'routed', 404],
      ['otherCompany', 'accepted', 404],
      ['otherCompany', 'draft', 404],
      ['leadEngineer', 'routed', 200],
      ['leadEngineer', 'closed', 200],
      ['participantEngineer', 'inProgress', 200],
      ['unrelatedEngineer', 'routed', 404],
      ['unrelatedEngineer', 'draft', 404],
      ['leadManager', 'accepted', 200],
      ['coordinator', 'routed', 200],
      ['coordinator', 'draft', 404],
      ['admin', 'closed', 200],
      ['admin', 'draft', 404],
    ],
  },
  {
    endpoint: ENDPOINTS.edit,
    cells: [
      ['anonymous', 'draft', 401],
      ['owner', 'routed', 409],
      ['owner', 'closed', 409],
      ['otherCompany', 'draft', 404],
      ['leadEngineer', 'routed', 403],
      ['unrelatedEngineer', 'routed', 404],
      ['leadManager', 'routed', 403],
      ['coordinator', 'draft', 404],
      ['coordinator', 'routed', 403],
      ['admin', 'routed', 403],
    ],
  },
  {
    endpoint: ENDPOINTS.submit,
    cells: [
      ['anonymous', 'draft', 401],
      ['owner', 'routed', 409],
      ['owner', 'closed', 409],
      ['owner', 'accepted', 409],
      ['otherCompany', 'draft', 404],
      ['leadEngineer', 'routed', 403],
      ['unrelatedEngineer', 'routed', 404],
      ['leadManager', 'routed', 403],
      ['coordinator', 'draft', 404],
      ['coordinator', 'routed', 403],
      ['admin', 'routed', 403],
    ],
  },
  {
    endpoint: ENDPOINTS.accept,
    cells: [
      ['anonymous', 'routed', 401],
      ['owner', 'routed', 403],
      ['otherCompany', 'routed', 404],
      ['leadEngineer', 'accepted', 409],
      ['leadEngineer', 'inProgress', 409],
      ['participantEngineer', 'inProgress', 403],
      ['unrelatedEngineer', 'routed', 404],
      ['leadManager', 'resolved', 409],
      ['coordinator', 'routed', 403],
      ['admin', 'routed', 403],
    ],
  },
  {
    endpoint: ENDPOINTS.decline,
    cells: [
      ['anonymous', 'routed', 401],
      ['owner', 'routed', 403],
      ['owner', 'accepted', 403],
      ['otherCompany', 'routed', 404],
      ['leadEngineer', 'accepted', 409],
      ['leadEngineer', 'closed', 409],
      ['participantEngineer', 'inProgress', 403],
      ['unrelatedEngineer', 'routed', 404],
      ['leadManager', 'inProgress', 409],
      ['coordinator', 'routed', 403],
      ['admin', 'routed', 403],
    ],
  },
  {
    endpoint: ENDPOINTS.start,
    cells: [
      ['anonymous', 'accepted', 401],
      ['owner', 'inProgress', 403],
      ['owner', 'accepted', 403],
      ['otherCompany', 'accepted', 404],
      ['leadEngineer', 'routed', 409],
      ['leadEngineer', 'inProgress', 409],
      ['participantEngineer', 'inProgress', 403],
      ['unrelatedEngineer', 'accepted', 404],
      ['leadManager', 'resolved', 409],
      ['coordinator', 'accepted', 403],
      ['admin', 'accepted', 403],
    ],
  },
  {
    endpoint: ENDPOINTS.resolve,
    cells: [
      ['anonymous', 'inProgress', 401],
      ['owner', 'inProgress', 403],
      ['otherCompany', 'inProgress', 404],
      ['leadEngineer', 'accepted', 409],
      ['leadEngineer', 'resolved', 409],
      ['participantEngineer', 'inProgress', 403],
      ['unrelatedEngineer', 'inProgress', 404],
      ['leadManager', 'closed', 409],
      ['coordinator', 'inProgress', 403],
      ['admin', 'inProgress', 403],
    ],
  },
  {
    endpoint: ENDPOINTS.close,
    cells: [
      ['anonymous', 'resolved', 401],
      ['owner', 'inProgress', 409],
      ['owner', 'closed', 409],
      ['otherCompany', 'resolved', 404],
      ['leadEngineer', 'resolved', 403],
      ['participantEngineer', 'inProgress', 403],
      ['unrelatedEngineer', 'resolved', 404],
      ['leadManager', 'resolved', 403],
      ['coordinator', 'resolved', 403],
      ['admin', 'resolved', 403],
    ],
  },
  {
    endpoint: ENDPOINTS.reassign,
    cells: [
      ['anonymous', 'routed', 401],
      ['owner', 'routed', 403],
      ['otherCompany', 'routed', 404],
      ['leadEngineer', 'routed', 403],
      ['participantEngineer', 'inProgress', 403],
      ['unrelatedEngineer', 'routed', 404],
      ['leadManager', 'inProgress', 403],
      ['coordinator', 'draft', 404],
      ['coordinator', 'resolved', 409],
      ['admin', 'closed', 409],
    ],
  },
  {
    endpoint: ENDPOINTS.team,
    cells: [
      ['anonymous', 'inProgress', 401],
      ['owner', 'inProgress', 403],
      ['otherCompany', 'inProgress', 404],
      ['leadEngineer', 'inProgress', 403],
      ['participantEngineer', 'inProgress', 403],
      ['unrelatedEngineer', 'inProgress', 404],
      ['leadManager', 'inProgress', 403],
      ['coordinator', 'draft', 404],
      ['coordinator', 'closed', 409],
      ['admin', 'closed', 409],
    ],
  },
  {
    endpoint: ENDPOINTS.due,
    cells: [
      ['anonymous', 'routed', 401],
      ['owner', 'routed', 403],
      ['otherCompany', 'routed', 404],
      ['leadEngineer', 'routed', 403],
      ['participantEngineer', 'inProgress', 403],
      ['unrelatedEngineer', 'routed', 404],
      ['leadManager', 'routed', 403],
      ['coordinator', 'draft', 404],
      ['coordinator', 'closed', 409],
      ['admin', 'closed', 409],
    ],
  },
  {
    endpoint: ENDPOINTS.reroute,
    cells: [
      ['anonymous', 'routed', 401],
      ['owner', 'routed', 403],
      ['otherCompany', 'routed', 404],
      ['leadEngineer', 'routed', 403],
      ['unrelatedEngineer', 'routed', 404],
      ['leadManager', 'routed', 403],
      ['coordinator', 'draft', 404],
      ['coordinator', 'accepted', 409],
      ['coordinator', 'inProgress', 409],
      ['admin', 'resolved', 409],
    ],
  },
  {
    endpoint: ENDPOINTS.notes,
    cells: [
      ['anonymous', 'routed', 401],
      ['owner', 'routed', 403],
      ['owner', 'draft', 403],
      ['otherCompany', 'routed', 404],
      ['unrelatedEngineer', 'routed', 404],
      ['coordinator', 'draft', 404],
    ],
  },
  {
    endpoint: ENDPOINTS.audit,
    cells: [
      ['anonymous', 'routed', 401],
      ['owner', 'routed', 403],
      ['owner', 'draft', 403],
      ['otherCompany', 'routed', 404],
      ['leadEngineer', 'routed', 403],
      ['participantEngineer', 'inProgress', 403],
      ['unrelatedEngineer', 'routed', 404],
      ['leadManager', 'routed', 403],
      ['coordinator', 'routed', 200],
      ['coordinator', 'draft', 404],
      ['admin', 'closed', 200],
    ],
  },
];

const DEMO_STATE: Record<CaseKey, (typeof DEMO_CASES)[number]['until']> = {
  draft: 'draft',
  routed: 'routed',
  accepted: 'accepted',
  inProgress: 'in_progress',
  resolved: 'resolved',
  closed: 'closed',
};

const emailOf = (role: 'eng' | 'mgr', code: string) => `${role}.${code.toLowerCase()}@demo.test`;

describe('authorisation', function () {
  this.timeout(60_000);
  let app: Express;
  let company1Id: string;
  let unrelated: string;
  const demo = {} as Record<CaseKey, CaseDoc>;
  const agents = new Map<string, Promise<Agent>>();

  /** A signed-in agent for a demo account, signed in once per suite. */
  function agentFor(email: string): Promise<Agent> {
    let agent = agents.get(email);
    if (!agent) {
      const fresh = request.agent(app);
      agent = fresh
        .post('/api/auth/login')
        .send({ email, password: DEMO_PASSWORD })
        .expect(200)
        .then(() => fresh);
      agents.set(email, agent);
    }
    return agent;
  }

  /** Resolves a role relative to a case, reading the case as it is now. */
  async function who(role: Who, c: CaseDoc): Promise<Agent> {
    const current = await Case.findById(c._id).lean<CaseDoc>();
    if (!current) throw new Error(`case ${String(c._id)} is gone`);
    const ownedByCompany1 = String(current.companyId) === company1Id;
    const need = (code: string | null | undefined, what: string) => {
      if (!code) throw new Error(`case ${current.number} (${current.status}) has no ${what}`);
      return code;
    };
    switch (role) {
      case 'anonymous':
        return request.agent(app);
      case 'owner':
        return agentFor(ownedByCompany1 ? 'company1@demo.test' : 'company2@demo.test');
      case 'otherCompany':
        return agentFor(ownedByCompany1 ? 'company2@demo.test' : 'company1@demo.test');
      case 'leadEngineer':
        return agentFor(emailOf('eng', need(current.offeredTo ?? current.lead, 'lead')));
      case 'participantEngineer':
        return agentFor(emailOf('eng', need(current.participants[0], 'participant')));
      case 'unrelatedEngineer':
        return agentFor(emailOf('eng', unrelated));
      case 'leadManager':
        return agentFor(emailOf('mgr', need(current.lead, 'lead')));
      case 'coordinator':
        return agentFor('coordinator@demo.test');
      case 'admin':
        return agentFor('admin@demo.test');
    }
  }

  async function call(agent: Agent, endpoint: Endpoint, c: CaseDoc) {
    const url = endpoint.path.replace(':id', String(c._id));
    const req =
      endpoint.method === 'get' ? agent.get(url) : endpoint.method === 'put' ? agent.put(url) : agent.post(url);
    if (endpoint.body === undefined) return req;
    if (typeof endpoint.body !== 'function') return req.send(endpoint.body);
    const current = await Case.findById(c._id).lean<CaseDoc>();
    if (!current) throw new Error(`case ${String(c._id)} is gone`);
    return req.send(endpoint.body(current));
  }

  function expectRefusal(res: { status: number; body: { error?: unknown } }, status: number): void {
    expect(res.body.error, 'error message')
      .to.be.a('string')
      .and.match(/[가-힣].*\.$/);
    if (status === 404) expect(res.body.error).to.equal(NOT_FOUND);
  }

  before(async () => {
    app = await testApp();
    await demoData();
    const company1 = await demoActor('company1@demo.test');
    company1Id = company1.companyId ?? '';
    for (const [key, state] of Object.entries(DEMO_STATE) as [CaseKey, string][]) {
      const title = String(DEMO_CASES.find((d) => d.until === state)?.input.title);
      const found = await Case.findOne({ title }).lean<CaseDoc>();
      if (!found) throw new Error(`demo case ${state} is missing`);
      expect(found.status, `demo case "${title}"`).to.equal(state);
      demo[key] = found;
    }
    expect(demo.inProgress.participants, 'the in-progress demo case has a joint team').to.have.length.greaterThan(0);
    const involved = new Set(await Case.distinct('visibleTo'));
    const code = seedCatalogue()
      .institutes.map((i) => i.code)
      .find((c) => !involved.has(c));
    if (!code) throw new Error('every institute is involved in some case');
    unrelated = code;
  });

  for (const { endpoint, cells } of MATRIX) {
    describe(endpoint.name, () => {
      for (const [role, on, status] of cells) {
        it(`${role} on the ${on} case → ${status}`, async () => {
          const agent = await who(role, demo[on]);
          const res = await call(agent, endpoint, demo[on]);
          expect(res.status, JSON.stringify(res.body)).to.equal(status);
          expect(res.headers['content-type']).to.match(/json/);
          if (status >= 400) expectRefusal(res, status);
          if (status === 409 && endpoint.path.endsWith('/transitions')) {
            expect(res.body.error).to.match(/상태에서만 할 수 있습니다\. 이 과제는 지금 '.+' 상태입니다\.$/);
          }
          if (status === 200 && endpoint === ENDPOINTS.view) expect(res.body.case.id).to.equal(String(demo[on]._id));
          if (status === 200 && endpoint === ENDPOINTS.audit)
            expect(res.body.entries).to.be.an('array').with.length.greaterThan(0);
        });
      }
    });
  }

  describe('POST /api/cases (create a draft)', () => {
    const cells: [Who, number][] = [
      ['anonymous', 401],
      ['leadEngineer', 403],
      ['leadManager', 403],
      ['coordinator', 403],
      ['admin', 403],
      ['owner', 201],
    ];
    for (const [role, status] of cells) {
      it(`${role} → ${status}`, async () => {
        const res = await (await who(role, demo.routed)).post('/api/cases').send(sampleCase);
        expect(res.status, JSON.stringify(res.body)).to.equal(status);
        if (status === 201) expect(res.body.case).to.include({ status: 'draft', title: sampleCase.title });
        else expect(res.body.error).to.be.a('string');
      });
    }
  });

  it('answers an unknown or malformed case id exactly like a hidden case', async () => {
    const desk = await who('coordinator', demo.routed);
    const unknown = await desk.get(`/api/cases/${new mongoose.Types.ObjectId().toHexString()}`).expect(404);
    const malformed = await desk.get('/api/cases/not-an-id').expect(404);
    const hidden = await desk.get(`/api/cases/${String(demo.draft._id)}`).expect(404);
    expect(unknown.body).to.deep.equal(hidden.body);
    expect(malformed.body).to.deep.equal(hidden.body);
  });

  it("offers each viewer only the actions its role may take in the case's state", async () => {
    const actionsOf = async (role: Who, on: CaseKey) =>
      (await (await who(role, demo[on])).get(`/api/cases/${String(demo[on]._id)}`).expect(200)).body.case.actions;
    expect(await actionsOf('leadEngineer', 'routed')).to.deep.equal(['accept', 'decline']);
    expect(await actionsOf('owner', 'routed')).to.deep.equal([]);
    expect(await actionsOf('coordinator', 'routed')).to.deep.equal(['reassign']);
    expect(await actionsOf('owner', 'draft')).to.deep.equal(['submit']);
    expect(await actionsOf('leadEngineer', 'inProgress')).to.deep.equal(['resolve']);
    expect(await actionsOf('participantEngineer', 'inProgress')).to.deep.equal([]);
    expect(await actionsOf('leadEngineer', 'accepted')).to.deep.equal(['start']);
  });

  describe('GET /api/cases scoping', () => {
    type ListItem = { id: string; status: string; companyName: string };
    async function listed(agent: Agent, period?: string): Promise<ListItem[]> {
      const items: ListItem[] = [];
      for (let page = 1; ; page++) {
        const res = await agent
          .get(`/api/cases?limit=100&page=${page}${period ? `&period=${period}` : ''}`)
          .expect(200);
        items.push(...res.body.items);
        if (page >= res.body.pages) return items;
      }
    }

    /** Lists are by period: everything a user may list is the union of its open work and every period. */
    async function listedInEveryPeriod(agent: Agent, scope: 'desk' | 'inst:-'): Promise<ListItem[]> {
      const submitted = await Case.find({ status: { $ne: 'draft' } }, { submittedAt: 1 }).lean();
      const periods = new Set(submitted.map((c) => periodOf(scope, c.submittedAt as Date)));
      const lists = await Promise.all(['open', ...periods].map((period) => listed(agent, period)));
      return [...new Map(lists.flat().map((i) => [i.id, i])).values()];
    }

    async function visibleInDatabase(actor: Actor): Promise<string[]> {
      const all = await Case.find({}, { companyId: 1, status: 1, lead: 1, offeredTo: 1, participants: 1 }).lean<
        CaseDoc[]
      >();
      return all.filter((c) => canViewCase(actor, accessOf(c))).map((c) => String(c._id));
    }

    it('answers 401 to an anonymous visitor', async () => {
      const res = await request(app).get('/api/cases').expect(401);
      expect(res.body.error).to.be.a('string');
    });

    it("shows a company all of its own cases, drafts included, and no other company's", async () => {
      const companies = [
        {
          email: 'company1@demo.test',
          own: [demo.draft, demo.routed, demo.inProgress, demo.closed],
          others: [demo.accepted, demo.resolved],
        },
        {
          email: 'company2@demo.test',
          own: [demo.accepted, demo.resolved],
          others: [demo.draft, demo.routed, demo.inProgress, demo.closed],
        },
      ];
      for (const { email, own, others } of companies) {
        const actor = await demoActor(email);
        const items = await listed(await agentFor(email));
        const ids = items.map((i) => i.id);
        expect(ids, email).to.have.members(await visibleInDatabase(actor));
        expect(ids, email).to.include.members(own.map((c) => String(c._id)));
        for (const c of others) expect(ids, email).to.not.include(String(c._id));
        expect(new Set(items.map((i) => i.companyName)), email).to.deep.equal(new Set([own[0]?.companyName]));
      }
    });

    it('shows an engineer only cases offered to, led by or joined by its institute, never drafts', async () => {
      for (const [code, mustSee] of [
        [demo.routed.lead ?? '', demo.routed],
        [demo.inProgress.participants[0] ?? '', demo.inProgress],
      ] as const) {
        const actor = await demoActor(emailOf('eng', code));
        const agent = await agentFor(actor.email);
        expect(
          (await listed(agent)).map((i) => i.id),
          'open work by default',
        ).to.include(String(mustSee._id));
        const items = await listedInEveryPeriod(agent, 'inst:-');
        expect(items.map((i) => i.id)).to.have.members(await visibleInDatabase(actor));
        for (const item of items) {
          expect(item.status).to.not.equal('draft');
          const stored = await Case.findById(item.id, { visibleTo: 1 }).lean();
          expect(stored?.visibleTo, `${code} sees ${item.id}`).to.include(code);
        }
      }
      expect(await listedInEveryPeriod(await agentFor(emailOf('eng', unrelated)), 'inst:-')).to.deep.equal([]);
    });

    it('shows the desk every case that is not a draft, a week at a time', async () => {
      for (const email of ['coordinator@demo.test', 'admin@demo.test']) {
        const agent = await agentFor(email);
        const thisWeek = await listed(agent);
        expect(
          thisWeek.map((i) => i.id),
          'this week by default',
        ).to.include(String(demo.routed._id));
        const items = await listedInEveryPeriod(agent, 'desk');
        expect(items.map((i) => i.id)).to.have.members(
          (await Case.find({ status: { $ne: 'draft' } }, { _id: 1 }).lean()).map((c) => String(c._id)),
        );
        expect(items.map((i) => i.status)).to.not.include('draft');
      }
    });
  });

  describe('the allowed roles succeed, step by step, on a fresh case', () => {
    type Step = [who: Who, endpoint: Endpoint, status: number, after?: string];
    let fresh: CaseDoc;

    before(async () => {
      const res = await (
        await agentFor('company1@demo.test')
      )
        .post('/api/cases')
        .send({ ...sampleCase, title: '권한 확인용 과제' })
        .expect(201);
      const found = await Case.findById(res.body.case.id).lean<CaseDoc>();
      if (!found) throw new Error('fresh case is missing');
      fresh = found;
    });

    const reassignTarget = 'KRISS';
    const joinerFor = (lead: string | null | undefined) => (lead === 'KTL' ? 'KETI' : 'KTL');
    const joinTeam: Endpoint = {
      ...ENDPOINTS.team,
      body: (c) => ({ lead: c.lead, participants: [joinerFor(c.lead)] }),
    };
    const steps: Step[] = [
      ['otherCompany', ENDPOINTS.view, 404, 'draft'],
      ['coordinator', ENDPOINTS.view, 404, 'draft'],
      ['owner', { ...ENDPOINTS.edit, body: { ...sampleCase, title: '권한 확인용 과제 (수정)' } }, 200, 'draft'],
      ['owner', ENDPOINTS.submit, 200, 'routed'],
      ['coordinator', ENDPOINTS.reroute, 200, 'routed'],
      ['admin', ENDPOINTS.due, 200, 'routed'],
      [
        'coordinator',
        { ...ENDPOINTS.reassign, body: { action: 'reassign', institute: reassignTarget } },
        200,
        'routed',
      ],
      ['leadEngineer', ENDPOINTS.decline, 200, 'routed'],
      ['coordinator', joinTeam, 200, 'routed'],
      ['participantEngineer', ENDPOINTS.view, 200, 'routed'],
      ['participantEngineer', ENDPOINTS.accept, 403, 'routed'],
      ['leadEngineer', ENDPOINTS.accept, 200, 'accepted'],
      ['leadEngineer', ENDPOINTS.start, 200, 'in_progress'],
      ['leadEngineer', ENDPOINTS.notes, 201, 'in_progress'],
      ['participantEngineer', ENDPOINTS.notes, 201, 'in_progress'],
      ['leadManager', ENDPOINTS.notes, 201, 'in_progress'],
      ['coordinator', ENDPOINTS.notes, 201, 'in_progress'],
      ['admin', ENDPOINTS.audit, 200, 'in_progress'],
      ['leadEngineer', ENDPOINTS.resolve, 200, 'resolved'],
      ['owner', ENDPOINTS.close, 200, 'closed'],
      ['leadEngineer', ENDPOINTS.view, 200, 'closed'],
    ];

    for (const [role, endpoint, status, after] of steps) {
      it(`${role}: ${endpoint.name} → ${status}${after ? ` (${after})` : ''}`, async () => {
        const res = await call(await who(role, fresh), endpoint, fresh);
        expect(res.status, JSON.stringify(res.body)).to.equal(status);
        const stored = await Case.findById(fresh._id).lean<CaseDoc>();
        if (after) expect(stored?.status).to.equal(after);
      });
    }

    it('recorded every step in the audit trail, and froze the team once closed', async () => {
      const desk = await who('coordinator', fresh);
      const frozen = await call(desk, joinTeam, fresh);
      expect(frozen.status).to.equal(409);
      const audit = await desk.get(`/api/cases/${String(fresh._id)}/audit`).expect(200);
      const actions = (audit.body.entries as { action: string }[]).map((e) => e.action);
      expect(actions).to.include.ordered.members(['create', 'edit-draft', 'submit', 'route']);
      expect(actions).to.include.members(['due', 'reassign', 'decline', 'team', 'accept', 'start', 'resolve', 'close']);
      const notes = (await desk.get(`/api/cases/${String(fresh._id)}`).expect(200)).body.case.notes;
      expect(notes).to.have.length(4);
    });
  });
});

describe('policy (pure)', () => {
  const owner: Actor = { id: 'u1', email: 'a@x.test', name: 'A', role: 'company', companyId: 'c1' };
  const otherCompany: Actor = { id: 'u2', email: 'b@x.test', name: 'B', role: 'company', companyId: 'c2' };
  const leadEngineer: Actor = { id: 'u3', email: 'e@x.test', name: 'E', role: 'engineer', instituteCode: 'KRICT' };
  const leadManager: Actor = {
    id: 'u4',
    email: 'm@x.test',
    name: 'M',
    role: 'institute_manager',
    instituteCode: 'KRICT',
  };
  const participant: Actor = { id: 'u5', email: 'p@x.test', name: 'P', role: 'engineer', instituteCode: 'KTL' };
  const unrelated: Actor = { id: 'u6', email: 'u@x.test', name: 'U', role: 'engineer', instituteCode: 'KETI' };
  const otherManager: Actor = {
    id: 'u9',
    email: 'o@x.test',
    name: 'O',
    role: 'institute_manager',
    instituteCode: 'KETI',
  };
  const coordinator: Actor = { id: 'u7', email: 'c@x.test', name: 'C', role: 'coordinator' };
  const admin: Actor = { id: 'u8', email: 'd@x.test', name: 'D', role: 'admin' };

  const draft: CaseAccess = { companyId: 'c1', status: 'draft', participants: [] };
  const routed: CaseAccess = {
    companyId: 'c1',
    status: 'routed',
    lead: 'KRICT',
    offeredTo: 'KRICT',
    participants: ['KTL'],
  };

  it('canViewCase: drafts only to their company; other cases to the company, the team and the desk', () => {
    const sees = (c: CaseAccess) =>
      [owner, otherCompany, leadEngineer, leadManager, participant, unrelated, coordinator, admin].map((a) =>
        canViewCase(a, c),
      );
    expect(sees(draft)).to.deep.equal([true, false, false, false, false, false, false, false]);
    expect(sees(routed)).to.deep.equal([true, false, true, true, true, false, true, true]);
  });

  it('an institute that was only offered the case sees it until the offer moves on', () => {
    const offered: CaseAccess = {
      companyId: 'c1',
      status: 'routed',
      lead: 'KRICT',
      offeredTo: 'KETI',
      participants: [],
    };
    expect(canViewCase(unrelated, offered)).to.equal(true);
    expect(canViewCase(unrelated, { ...offered, offeredTo: 'KRICT' })).to.equal(false);
    expect(institutesWithAccess({ ...routed, participants: ['KTL', 'KRICT'] })).to.deep.equal(['KRICT', 'KTL']);
  });

  it('isAllowed: each action to its role only', () => {
    const allowed = (action: Parameters<typeof isAllowed>[1], c?: CaseAccess) =>
      [owner, otherCompany, leadEngineer, leadManager, participant, unrelated, coordinator, admin]
        .filter((a) => isAllowed(a, action, c ? { case: c } : {}))
        .map((a) => a.id);
    expect(allowed('case:create')).to.deep.equal(['u1', 'u2']);
    expect(allowed('case:submit', draft)).to.deep.equal(['u1']);
    expect(allowed('case:edit-draft', draft)).to.deep.equal(['u1']);
    expect(allowed('case:close', routed)).to.deep.equal(['u1']);
    expect(allowed('case:accept', routed)).to.deep.equal(['u3', 'u4']);
    expect(allowed('case:decline', routed)).to.deep.equal(['u3', 'u4']);
    expect(allowed('case:start', routed)).to.deep.equal(['u3', 'u4']);
    expect(allowed('case:resolve', routed)).to.deep.equal(['u3', 'u4']);
    expect(allowed('case:note', routed)).to.deep.equal(['u3', 'u4', 'u5', 'u7', 'u8']);
    expect(allowed('case:coordinate', routed)).to.deep.equal(['u7', 'u8']);
    expect(allowed('case:audit', routed)).to.deep.equal(['u7', 'u8']);
    // Nobody may act on a case they cannot see, whatever their role.
    expect(allowed('case:coordinate', draft)).to.deep.equal([]);
    expect(allowed('case:audit', draft)).to.deep.equal([]);
  });

  it('invitations: managers invite engineers of their own institute; only the desk invites managers', () => {
    expect(isAllowed(leadManager, 'invite:engineer', { instituteCode: 'KRICT' })).to.equal(true);
    expect(isAllowed(leadManager, 'invite:engineer', { instituteCode: 'KETI' })).to.equal(false);
    expect(isAllowed(otherManager, 'invite:engineer', { instituteCode: 'KRICT' })).to.equal(false);
    expect(isAllowed(leadEngineer, 'invite:engineer', { instituteCode: 'KRICT' })).to.equal(false);
    expect(isAllowed(coordinator, 'invite:engineer', { instituteCode: 'KRICT' })).to.equal(true);
    expect(isAllowed(leadManager, 'invite:manager', { instituteCode: 'KRICT' })).to.equal(false);
    expect(isAllowed(coordinator, 'invite:manager', { instituteCode: 'KRICT' })).to.equal(true);
    expect(isAllowed(admin, 'invite:manager')).to.equal(true);
    expect(isAllowed(owner, 'dashboard:view')).to.equal(false);
    expect(isAllowed(leadManager, 'dashboard:view')).to.equal(true);
  });

  it('authorize: 404 for a case one may not see, 403 for an action one may not take', () => {
    const statusOf = (fn: () => void) => {
      try {
        fn();
        return 200;
      } catch (error) {
        expect(error).to.be.instanceOf(AppError);
        return (error as AppError).status;
      }
    };
    expect(statusOf(() => authorize(otherCompany, 'case:close', { case: routed }))).to.equal(404);
    expect(statusOf(() => authorize(coordinator, 'case:coordinate', { case: draft }))).to.equal(404);
    expect(statusOf(() => authorize(participant, 'case:accept', { case: routed }))).to.equal(403);
    expect(statusOf(() => authorize(owner, 'case:audit', { case: routed }))).to.equal(403);
    expect(statusOf(() => authorize(leadEngineer, 'case:accept', { case: routed }))).to.equal(200);
  });

  it('caseListScope: whose lists each kind of user may read', () => {
    expect(caseListScope(owner)).to.deep.equal({ companyId: 'c1' });
    expect(caseListScope(coordinator)).to.deep.equal({ scope: 'desk' });
    expect(caseListScope(coordinator, 'KETI')).to.deep.equal({ scope: 'inst:KETI' });
    expect(caseListScope(leadEngineer)).to.deep.equal({ scope: 'inst:KRICT' });
    expect(caseListScope(leadEngineer, 'KETI'), 'staff cannot pick another institute').to.deep.equal({
      scope: 'inst:KRICT',
    });
  });
});
