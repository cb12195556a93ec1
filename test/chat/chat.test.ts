import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import {
  api,
  chatClient,
  connected,
  engineerEmail,
  liveChatServer,
  newClientId,
  nextEvent,
  request,
  sessionCookie,
  submittedCase,
  type Ack,
  type CaseJson,
  type ChatTestServer,
} from '../support/chat';

type Message = {
  id: string;
  seq: number;
  clientId: string;
  caseId: string;
  text: string;
  kind: string;
  author: { id: string; name: string; role: string; institute?: string; company?: string } | null;
  createdAt: string;
};

describe('case chat over Socket.IO', function () {
  this.timeout(60_000);
  let server: ChatTestServer;
  let cookies: Record<string, string>;
  let theCase: CaseJson;
  const sockets: Socket[] = [];

  const client = async (who: string) => {
    const socket = chatClient(server.url, cookies[who]);
    sockets.push(socket);
    await connected(socket);
    return socket;
  };
  const send = (socket: Socket, text: string, clientId = newClientId()) =>
    request(socket, 'chat:send', { caseId: theCase.id, clientId, text });

  before(async () => {
    server = await liveChatServer();
    const emails = ['company1@demo.test', 'company2@demo.test', 'coordinator@demo.test'];
    const pairs = await Promise.all(emails.map(async (e) => [e, await sessionCookie(server.url, e)] as const));
    cookies = Object.fromEntries(pairs);
    theCase = await submittedCase(server.url, cookies['company1@demo.test']!);
    cookies.lead = await sessionCookie(server.url, engineerEmail(theCase.lead));
  });

  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });

  after(async () => {
    await server?.close();
  });

  it('refuses a handshake without a signed-in session', async () => {
    const anonymous = chatClient(server.url, undefined, { reconnection: false });
    sockets.push(anonymous);
    const error = await connected(anonymous).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.equal('로그인이 필요합니다.');
    const forged = chatClient(server.url, 'sobujang.sid=s%3Aforged.signature', { reconnection: false });
    sockets.push(forged);
    expect(
      await connected(forged).then(
        () => 'connected',
        () => 'refused',
      ),
    ).to.equal('refused');
  });

  it('serves the socket.io client script itself', async () => {
    const res = await fetch(`${server.url}/socket.io/socket.io.min.js`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/javascript/);
  });

  it('lets no one outside the case join or read (ack error, HTTP 404)', async () => {
    const outsider = await client('company2@demo.test');
    const ack = await request(outsider, 'chat:join', { caseId: theCase.id });
    expect(ack).to.include({ ok: false, status: 404 });
    const send = await request(outsider, 'chat:send', {
      caseId: theCase.id,
      clientId: newClientId(),
      text: '안녕하세요',
    });
    expect(send).to.include({ ok: false, status: 404 });
    const read = await request(outsider, 'chat:read', { caseId: theCase.id, upTo: 1 });
    expect(read.ok).to.equal(false);
    const http = await api(server.url, cookies['company2@demo.test']!, 'GET', `/api/cases/${theCase.id}/messages`);
    expect(http.status).to.equal(404);
    const anonymous = await fetch(`${server.url}/api/cases/${theCase.id}/messages`);
    expect(anonymous.status).to.equal(401);
  });

  it('answers field-level errors for bad payloads', async () => {
    const company = await client('company1@demo.test');
    const bad = await request(company, 'chat:send', { caseId: 'nope', clientId: 'x', text: 'a'.repeat(2001) });
    expect(bad).to.include({ ok: false, status: 400 });
    expect(bad.fields).to.have.keys(['caseId', 'clientId', 'text']);
    const empty = await request(company, 'chat:send', { caseId: theCase.id, clientId: newClientId(), text: '   ' });
    expect(empty.fields).to.have.property('text', '메시지를 입력해 주세요.');
    const notJson = await request(company, 'chat:join', 'hello');
    expect(notJson).to.include({ ok: false, status: 400 });
  });

  it('acks a stored message and broadcasts it to the room, with its author', async () => {
    const company = await client('company1@demo.test');
    const lead = await client('lead');
    const coordinator = await client('coordinator@demo.test');
    for (const s of [company, lead, coordinator])
      expect((await request(s, 'chat:join', { caseId: theCase.id })).ok).to.equal(true);
    const atLead = nextEvent<{ message: Message }>(
      lead,
      'chat:message',
      (p) => p.message.text === '샘플을 보내 드릴까요?',
    );
    const atDesk = nextEvent<{ message: Message }>(
      coordinator,
      'chat:message',
      (p) => p.message.text === '샘플을 보내 드릴까요?',
    );
    const ack = await send(company, '  샘플을 보내 드릴까요?  ');
    expect(ack.ok).to.equal(true);
    const message = ack.message as Message;
    expect(message).to.include({ caseId: theCase.id, text: '샘플을 보내 드릴까요?', kind: 'user' });
    expect(message.author).to.include({ name: '김하늘', role: 'company', company: '(주)한빛소재' });
    expect(message.id).to.match(/^[0-9a-f]{24}:\d{10}$/);
    expect((await atLead).message).to.deep.equal(message);
    expect((await atDesk).message.id).to.equal(message.id);

    const reply = await send(lead, '네, 보내 주세요.');
    expect((reply.message as Message).author).to.include({ role: 'engineer', institute: theCase.lead });
    const history = await api(server.url, cookies.lead!, 'GET', `/api/cases/${theCase.id}/messages?limit=2`);
    expect(history.status).to.equal(200);
    expect((history.body.messages as Message[]).map((m) => m.text)).to.deep.equal([
      '네, 보내 주세요.',
      '샘플을 보내 드릴까요?',
    ]);
  });

  it('stores a repeated clientId once and answers with the same message', async () => {
    const company = await client('company1@demo.test');
    const clientId = newClientId();
    const [first, second] = await Promise.all([
      send(company, '한 번만 저장', clientId),
      send(company, '한 번만 저장', clientId),
    ]);
    const third = await send(company, '한 번만 저장 (다른 내용이어도)', clientId);
    const ids = [first, second, third].map((a) => (a.message as Message).id);
    expect(new Set(ids).size).to.equal(1);
    expect([first, second, third].filter((a) => a.duplicate === true)).to.have.length(2);
    const history = await api(server.url, cookies.lead!, 'GET', `/api/cases/${theCase.id}/messages?limit=100`);
    expect((history.body.messages as Message[]).filter((m) => m.clientId === clientId)).to.have.length(1);
  });

  it('delivers the messages of a case in the order they were stored, and pages history by cursor', async () => {
    const company = await client('company1@demo.test');
    const lead = await client('lead');
    await request(lead, 'chat:join', { caseId: theCase.id });
    const received: Message[] = [];
    lead.on('chat:message', (p: { message: Message }) => received.push(p.message));
    const burst = Array.from({ length: 10 }, (_, i) => `순서 ${i}`);
    const acks = await Promise.all(burst.map((text) => send(company, text)));
    expect(acks.every((a) => a.ok)).to.equal(true);
    await new Promise((r) => setTimeout(r, 300));
    const seqs = received.map((m) => m.seq);
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).to.equal(10);
    expect(seqs.at(-1)! - seqs[0]!).to.equal(9);

    const page1 = await api(server.url, cookies.lead!, 'GET', `/api/cases/${theCase.id}/messages?limit=4`);
    const first = page1.body.messages as Message[];
    expect(first.map((m) => m.seq)).to.deep.equal([seqs.at(-1), seqs.at(-2), seqs.at(-3), seqs.at(-4)]);
    const page2 = await api(
      server.url,
      cookies.lead!,
      'GET',
      `/api/cases/${theCase.id}/messages?limit=4&before=${page1.body.next as string}`,
    );
    expect((page2.body.messages as Message[])[0]!.seq).to.equal(first.at(-1)!.seq - 1);
    const bad = await api(server.url, cookies.lead!, 'GET', `/api/cases/${theCase.id}/messages?limit=500&before=zzz`);
    expect(bad.status).to.equal(400);
    expect(bad.body.fields).to.have.keys(['limit', 'before']);
  });

  it('counts unread messages per user, and read receipts lower them', async () => {
    const company = await client('company1@demo.test');
    const desk = await client('coordinator@demo.test');
    const joined = await request(desk, 'chat:join', { caseId: theCase.id });
    await request(desk, 'chat:read', { caseId: theCase.id, upTo: joined.lastSeq });
    await send(company, '읽지 않은 메시지 1');
    await send(company, '읽지 않은 메시지 2');
    const again = await request(desk, 'chat:join', { caseId: theCase.id });
    expect(again.unread).to.equal(2);
    const list = await api(
      server.url,
      cookies['coordinator@demo.test']!,
      'GET',
      `/api/chat/unread?cases=${theCase.id}`,
    );
    expect((list.body.unread as Record<string, number>)[theCase.id]).to.equal(2);
    await request(company, 'chat:join', { caseId: theCase.id });
    const receipt = nextEvent<{ user: { name: string }; upTo: number }>(company, 'chat:read');
    const read = await request(desk, 'chat:read', { caseId: theCase.id, upTo: again.lastSeq });
    expect(read).to.include({ ok: true, unread: 0 });
    expect((await receipt).upTo).to.equal(again.lastSeq);
    // Own messages never count as unread.
    await request(company, 'chat:read', { caseId: theCase.id, upTo: again.lastSeq });
    await send(company, '내가 쓴 메시지');
    const own = await api(server.url, cookies['company1@demo.test']!, 'GET', `/api/chat/unread?cases=${theCase.id}`);
    expect((own.body.unread as Record<string, number>)[theCase.id]).to.equal(0);
    const forDesk = await api(
      server.url,
      cookies['coordinator@demo.test']!,
      'GET',
      `/api/chat/unread?cases=${theCase.id}`,
    );
    expect((forDesk.body.unread as Record<string, number>)[theCase.id]).to.equal(1);
  });

  it('shows typing and presence to the others in the room', async () => {
    const company = await client('company1@demo.test');
    const lead = await client('lead');
    await request(company, 'chat:join', { caseId: theCase.id });
    const presence = nextEvent<{ online: { name: string }[] }>(company, 'chat:presence', (p) => p.online.length === 2);
    await request(lead, 'chat:join', { caseId: theCase.id });
    expect((await presence).online.map((u) => u.name)).to.include('김하늘');
    const typing = nextEvent<{ user: { id: string }; typing: boolean }>(company, 'chat:typing');
    lead.emit('chat:typing', { caseId: theCase.id, typing: true });
    expect((await typing).typing).to.equal(true);
    const left = nextEvent<{ online: unknown[] }>(company, 'chat:presence', (p) => p.online.length === 1);
    lead.disconnect();
    await left;
  });

  it('limits how fast one socket sends, with a Korean message', async () => {
    const company = await client('company1@demo.test');
    const acks: Ack[] = await Promise.all(Array.from({ length: 14 }, (_, i) => send(company, `빠르게 ${i}`)));
    const refused = acks.filter((a) => !a.ok);
    expect(refused.length).to.be.greaterThan(0);
    expect(refused[0]).to.include({ status: 429 });
    expect(refused[0]!.error).to.match(/너무 빨리/);
  });

  it('posts case events as system messages, and the room follows team changes', async () => {
    const fresh = await submittedCase(server.url, cookies['company1@demo.test']!, '다이캐스팅 기공 불량 개선 자문');
    const oldLead = fresh.lead!;
    const oldLeadCookie = await sessionCookie(server.url, engineerEmail(oldLead));
    const company = await client('company1@demo.test');
    const removed = chatClient(server.url, oldLeadCookie);
    sockets.push(removed);
    await connected(removed);
    const joined = await request(company, 'chat:join', { caseId: fresh.id });
    expect((joined.messages as Message[]).some((m) => m.kind === 'system' && m.text.includes(oldLead))).to.equal(true);
    expect((await request(removed, 'chat:join', { caseId: fresh.id })).ok).to.equal(true);

    const newLead = oldLead === 'KTL' ? 'KIMS' : 'KTL';
    const kicked = nextEvent<{ caseId: string }>(removed, 'chat:removed');
    const systemAtCompany = nextEvent<{ message: Message }>(
      company,
      'chat:message',
      (p) => p.message.kind === 'system',
    );
    const team = await api(server.url, cookies['coordinator@demo.test']!, 'POST', `/api/cases/${fresh.id}/team`, {
      lead: newLead,
      participants: [],
    });
    expect(team.status).to.equal(200);
    expect((await kicked).caseId).to.equal(fresh.id);
    expect((await systemAtCompany).message.text).to.include(newLead);

    // The removed engineer gets nothing more and can neither send nor read.
    let leaked = false;
    removed.on('chat:message', () => (leaked = true));
    await request(company, 'chat:send', {
      caseId: fresh.id,
      clientId: newClientId(),
      text: '새 주관 기관과 이야기합니다',
    });
    const refused = await request(removed, 'chat:send', { caseId: fresh.id, clientId: newClientId(), text: '저는요?' });
    expect(refused.ok).to.equal(false);
    expect((await request(removed, 'chat:join', { caseId: fresh.id })).ok).to.equal(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(leaked).to.equal(false);

    // The new lead reads the whole history at once.
    const newcomer = chatClient(server.url, await sessionCookie(server.url, engineerEmail(newLead)));
    sockets.push(newcomer);
    await connected(newcomer);
    const history = await request(newcomer, 'chat:join', { caseId: fresh.id });
    expect(history.ok).to.equal(true);
    expect((history.messages as Message[]).map((m) => m.text)).to.include('새 주관 기관과 이야기합니다');
  });

  it('has no chat for a draft', async () => {
    const draft = await api(server.url, cookies['company1@demo.test']!, 'POST', '/api/cases', {
      title: '임시저장 과제 대화',
      description: '아직 제출하지 않은 과제입니다. 대화방이 없어야 합니다. 스무 자를 넘기는 설명입니다.',
      supportTypes: [],
    });
    const company = await client('company1@demo.test');
    const ack = await request(company, 'chat:join', { caseId: (draft.body.case as CaseJson).id });
    expect(ack).to.include({ ok: false, status: 403 });
  });
});
