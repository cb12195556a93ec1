// Chat sockets and the sessions they belong to: a socket ends with its session, sends
// from one socket are stored in the order sent, one user's sockets are capped, and a
// browser's handshake must come from the app's own origin.
import { expect } from 'chai';
import { io as connect, type Socket } from 'socket.io-client';
import { forgetChatCase } from '../../src/chat/access';
import { MAX_SOCKETS_PER_USER } from '../../src/chat/rate-limit';
import { mailedToken, signupInput } from '../accounts/fixtures';
import {
  api,
  chatClient,
  connected,
  liveChatServer,
  newClientId,
  request,
  sessionCookie,
  submittedCase,
  type CaseJson,
  type ChatTestServer,
} from '../support/chat';

const disconnection = (socket: Socket) =>
  new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

const refusal = (socket: Socket) =>
  connected(socket).then(
    () => 'connected',
    (error: Error) => error.message,
  );

describe('chat sockets and sessions', function () {
  this.timeout(60_000);
  let server: ChatTestServer;
  let companyCookie: string;
  let theCase: CaseJson;
  const sockets: Socket[] = [];

  const open = async (cookie: string) => {
    const socket = chatClient(server.url, cookie, { reconnection: false });
    sockets.push(socket);
    await connected(socket);
    return socket;
  };

  /** A new company account, signed up through the API and its mailed link (from its own client address). */
  async function signedUp(address: string) {
    const input = signupInput();
    const res = await fetch(`${server.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify(input),
    });
    expect(res.status).to.equal(202);
    const token = await mailedToken(input.email, 'signup/confirm');
    const created = await api(server.url, '', 'POST', '/api/auth/signup/confirm', { token });
    expect(created.status).to.equal(201);
    return { input, userId: (created.body.user as { id: string }).id };
  }

  before(async () => {
    server = await liveChatServer();
    companyCookie = await sessionCookie(server.url, 'company1@demo.test');
    theCase = await submittedCase(server.url, companyCookie);
  });

  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });

  after(async () => {
    await server?.close();
  });

  it('disconnects the sockets of a session when it logs out, and refuses its cookie afterwards', async () => {
    const cookie = await sessionCookie(server.url, 'company1@demo.test');
    const socket = await open(cookie);
    const other = await open(companyCookie);
    const closed = disconnection(socket);
    expect((await api(server.url, cookie, 'POST', '/api/auth/logout', {})).status).to.equal(200);
    expect(await closed).to.equal('io server disconnect');
    expect(other.connected, 'another session of the same user stays').to.equal(true);
    expect(await refusal(chatClient(server.url, cookie, { reconnection: false }))).to.equal('로그인이 필요합니다.');
  });

  it('disconnects every socket of the account when its password changes', async () => {
    const { input } = await signedUp('10.99.0.1');
    const first = await sessionCookie(server.url, input.email, input.password);
    const second = await sessionCookie(server.url, input.email, input.password);
    const socket = await open(second);
    const closed = disconnection(socket);
    const changed = await api(server.url, first, 'POST', '/api/auth/password', {
      currentPassword: input.password,
      newPassword: 'a-new-password-2026',
    });
    expect(changed.status).to.equal(200);
    expect(await closed).to.equal('io server disconnect');
    expect(await refusal(chatClient(server.url, second, { reconnection: false }))).to.equal('로그인이 필요합니다.');
  });

  it('disconnects every socket of an account an admin deactivates, and refuses its cookie afterwards', async () => {
    const { input, userId } = await signedUp('10.99.0.2');
    const cookie = await sessionCookie(server.url, input.email, input.password);
    const socket = await open(cookie);
    const closed = disconnection(socket);
    const admin = await sessionCookie(server.url, 'admin@demo.test');
    const deactivated = await api(server.url, admin, 'POST', `/api/admin/users/${userId}/deactivate`, {
      reason: '테스트 계정 정리',
    });
    expect(deactivated.status).to.equal(200);
    expect(await closed).to.equal('io server disconnect');
    expect(await refusal(chatClient(server.url, cookie, { reconnection: false }))).to.equal('로그인이 필요합니다.');
  });

  it('stores the sends of one socket in the order sent, even with a cold case cache', async () => {
    const socket = await open(companyCookie);
    expect((await request(socket, 'chat:join', { caseId: theCase.id })).ok).to.equal(true);
    // A burst of 8 (within the send limit of 10) right after the case left the cache.
    forgetChatCase(theCase.id);
    const texts = Array.from({ length: 8 }, (_, i) => `순서 ${i}`);
    const acks = await Promise.all(
      texts.map((text) => request(socket, 'chat:send', { caseId: theCase.id, clientId: newClientId(), text })),
    );
    const seqs = acks.map((ack) => (ack.message as { seq: number }).seq);
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));
  });

  it(`caps one user's open sockets at ${MAX_SOCKETS_PER_USER} in a process`, async () => {
    const cookie = await sessionCookie(server.url, 'company2@demo.test');
    for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) await open(cookie);
    const extra = chatClient(server.url, cookie, { reconnection: false });
    sockets.push(extra);
    expect(await refusal(extra)).to.match(/너무 많습니다/);
  });

  it("refuses a browser handshake from another site's origin", async () => {
    const foreign = connect(server.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: companyCookie, origin: 'https://evil.example' },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(foreign);
    expect(await refusal(foreign)).to.equal('이 주소에서는 대화에 연결할 수 없습니다.');
    const own = connect(server.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: companyCookie, origin: server.url },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(own);
    expect(await refusal(own)).to.equal('connected');
  });
});
