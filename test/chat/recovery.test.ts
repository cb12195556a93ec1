import { expect } from 'chai';
import { createClient } from 'redis';
import type { Socket } from 'socket.io-client';
import { testDatabase } from '../support/database';
import { demoData } from '../support/demo';
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
  type CaseJson,
} from '../support/chat';
import { startAppProcess, type AppProcess } from './processes';

type Message = { id: string; seq: number; text: string; caseId: string };

/** Sends like the browser's outbox: the same clientId again until the server acknowledges it. */
async function sendReliably(socket: Socket, caseId: string, text: string): Promise<Message> {
  const clientId = newClientId();
  for (let attempt = 0; attempt < 50; attempt++) {
    const ack = socket.connected
      ? await request(socket, 'chat:send', { caseId, clientId, text }, 3000).catch(() => undefined)
      : undefined;
    if (ack?.ok) return ack.message as Message;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`could not send ${text}`);
}

/** What the browser script does: keep every message, and on a fresh connection join again after the last one seen. */
function follow(socket: Socket, caseId: string) {
  const seen = new Map<string, Message>();
  let last = 0;
  const keep = (m: Message) => {
    seen.set(m.id, m);
    last = Math.max(last, m.seq);
  };
  socket.on('chat:message', (p: { message: Message }) => keep(p.message));
  const join = async () => {
    const ack = await request(socket, 'chat:join', last ? { caseId, after: last } : { caseId });
    if (!ack.ok) throw new Error(ack.error);
    (ack.messages as Message[]).forEach(keep);
  };
  socket.on('connect', () => {
    if (!socket.recovered) void join().catch(() => undefined);
  });
  return { seen, join, texts: () => [...seen.values()].sort((a, b) => a.seq - b.seq).map((m) => m.text) };
}

const until = async (check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('case chat across restarts and processes', function () {
  this.timeout(90_000);
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });

  it('loses nothing acknowledged over a server restart and delivers what a client missed', async () => {
    const first = await liveChatServer();
    const company = await sessionCookie(first.url, 'company1@demo.test');
    const theCase = await submittedCase(first.url, company, '재시작 중 메시지 보존 확인');
    const lead = await sessionCookie(first.url, engineerEmail(theCase.lead));
    const sender = chatClient(first.url, company);
    const away = chatClient(first.url, lead, { reconnection: false });
    sockets.push(sender, away);
    await Promise.all([connected(sender), connected(away)]);
    const senderView = follow(sender, theCase.id);
    const awayView = follow(away, theCase.id);
    await Promise.all([senderView.join(), awayView.join()]);

    const acked: string[] = [];
    for (const text of ['재시작 전 1', '재시작 전 2', '재시작 전 3']) {
      const ack = await request(sender, 'chat:send', { caseId: theCase.id, clientId: newClientId(), text });
      expect(ack.ok).to.equal(true);
      acked.push((ack.message as Message).id);
    }
    await until(() => awayView.seen.size >= acked.length);

    await first.close();
    const second = await liveChatServer({ port: first.port });
    try {
      await until(() => sender.connected);
      for (const text of ['재시작 후 1', '재시작 후 2']) acked.push((await sendReliably(sender, theCase.id, text)).id);
      away.connect();
      await connected(away);
      await until(() => acked.every((id) => awayView.seen.has(id)));
      expect(awayView.texts().filter((t) => t.startsWith('재시작'))).to.deep.equal([
        '재시작 전 1',
        '재시작 전 2',
        '재시작 전 3',
        '재시작 후 1',
        '재시작 후 2',
      ]);
      const history = await api(second.url, lead, 'GET', `/api/cases/${theCase.id}/messages?limit=100`);
      const stored = (history.body.messages as Message[]).map((m) => m.id);
      expect(acked.every((id) => stored.includes(id))).to.equal(true);
    } finally {
      await second.close();
    }
  });

  describe('two app processes sharing rooms through Redis', function () {
    const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const prefix = `sobujang-test-${process.pid}-${Date.now().toString(36)}`;
    let env: Record<string, string>;
    let a: AppProcess;
    let b: AppProcess;
    let theCase: CaseJson;
    let cookies: Record<string, string>;

    before(async function () {
      const probe = createClient({ url: redisUrl });
      probe.on('error', () => undefined);
      const reachable = await probe.connect().then(
        () => true,
        () => false,
      );
      if (reachable) await probe.close();
      if (!reachable) this.skip();
      const { uri } = await testDatabase();
      await demoData();
      env = { MONGODB_URI: uri, REDIS_URL: redisUrl, CHAT_REDIS_PREFIX: prefix };
      [a, b] = await Promise.all([startAppProcess(env), startAppProcess(env)]);
      cookies = {
        company: await sessionCookie(a.url, 'company1@demo.test'),
        coordinator: await sessionCookie(b.url, 'coordinator@demo.test'),
      };
      theCase = await submittedCase(a.url, cookies.company!, '두 프로세스 대화 확인');
      cookies.lead = await sessionCookie(b.url, engineerEmail(theCase.lead));
    });

    after(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      const redis = createClient({ url: redisUrl });
      redis.on('error', () => undefined);
      try {
        await redis.connect();
        for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
          if (keys.length) await redis.del(keys);
        }
        await redis.close();
      } catch {
        // nothing to clean
      }
    });

    it('delivers messages between clients on different processes', async () => {
      const onA = chatClient(a.url, cookies.company);
      const onB = chatClient(b.url, cookies.lead);
      sockets.push(onA, onB);
      await Promise.all([connected(onA), connected(onB)]);
      await request(onA, 'chat:join', { caseId: theCase.id });
      const presence = nextEvent<{ online: unknown[] }>(onA, 'chat:presence', (p) => p.online.length === 2);
      await request(onB, 'chat:join', { caseId: theCase.id });
      await presence;
      const atB = nextEvent<{ message: Message }>(onB, 'chat:message', (p) => p.message.text === 'A에서 보냅니다');
      await request(onA, 'chat:send', { caseId: theCase.id, clientId: newClientId(), text: 'A에서 보냅니다' });
      await atB;
      const atA = nextEvent<{ message: Message }>(onA, 'chat:message', (p) => p.message.text === 'B에서 답합니다');
      await request(onB, 'chat:send', { caseId: theCase.id, clientId: newClientId(), text: 'B에서 답합니다' });
      await atA;

      // Both processes number one case's messages without collisions.
      const acks = await Promise.all([
        ...Array.from({ length: 5 }, (_, i) =>
          request(onA, 'chat:send', { caseId: theCase.id, clientId: newClientId(), text: `A ${i}` }),
        ),
        ...Array.from({ length: 5 }, (_, i) =>
          request(onB, 'chat:send', { caseId: theCase.id, clientId: newClientId(), text: `B ${i}` }),
        ),
      ]);
      const seqs = acks.map((ack) => (ack.message as Message).seq);
      expect(new Set(seqs).size).to.equal(10);
      expect(Math.max(...seqs) - Math.min(...seqs)).to.equal(9);
    });

    it('removes a member on another process when the team changes', async () => {
      const oldLead = theCase.lead!;
      const member = chatClient(a.url, cookies.lead);
      const company = chatClient(b.url, cookies.company);
      sockets.push(member, company);
      await Promise.all([connected(member), connected(company)]);
      await request(member, 'chat:join', { caseId: theCase.id });
      await request(company, 'chat:join', { caseId: theCase.id });
      const kicked = nextEvent<{ caseId: string }>(member, 'chat:removed');
      const newLead = oldLead === 'KTL' ? 'KIMS' : 'KTL';
      const team = await api(b.url, cookies.coordinator!, 'POST', `/api/cases/${theCase.id}/team`, {
        lead: newLead,
        participants: [],
      });
      expect(team.status).to.equal(200);
      await kicked;
      let leaked = false;
      member.on('chat:message', () => (leaked = true));
      await request(company, 'chat:send', { caseId: theCase.id, clientId: newClientId(), text: '새 팀에게만' });
      expect(
        (await request(member, 'chat:send', { caseId: theCase.id, clientId: newClientId(), text: '?' })).ok,
      ).to.equal(false);
      await new Promise((r) => setTimeout(r, 300));
      expect(leaked).to.equal(false);
      const newcomer = chatClient(a.url, await sessionCookie(a.url, engineerEmail(newLead)));
      sockets.push(newcomer);
      await connected(newcomer);
      const joined = await request(newcomer, 'chat:join', { caseId: theCase.id });
      expect((joined.messages as Message[]).map((m) => m.text)).to.include('새 팀에게만');
    });

    for (const how of ['SIGTERM', 'SIGKILL'] as const) {
      const title =
        how === 'SIGTERM'
          ? 'recovers a client of a gracefully restarted process with the packets it missed (connection state recovery)'
          : 'catches a client of a crashed process up on what it missed (join after its last message)';
      it(title, async () => {
        const company = chatClient(a.url, cookies.company);
        sockets.push(company);
        const own = await submittedCase(a.url, cookies.company!, `복구 확인용 과제 ${how}`);
        const lead = await sessionCookie(a.url, engineerEmail(own.lead));
        const away = chatClient(b.url, lead);
        sockets.push(away);
        await Promise.all([connected(company), connected(away)]);
        await request(company, 'chat:join', { caseId: own.id });
        const view = follow(away, own.id);
        await view.join();
        await request(company, 'chat:send', { caseId: own.id, clientId: newClientId(), text: '끊기기 전' });
        await until(() => view.texts().includes('끊기기 전'));

        await b.stop(how);
        await until(() => !away.connected);
        await request(company, 'chat:send', { caseId: own.id, clientId: newClientId(), text: '끊긴 동안 1' });
        await request(company, 'chat:send', { caseId: own.id, clientId: newClientId(), text: '끊긴 동안 2' });
        b = await startAppProcess({ ...env, PORT: String(b.port) });
        await until(() => away.connected, 15_000);
        expect(away.recovered).to.equal(how === 'SIGTERM');
        await until(() => view.texts().includes('끊긴 동안 2'));
        expect(view.texts().slice(-3)).to.deep.equal(['끊기기 전', '끊긴 동안 1', '끊긴 동안 2']);
      });
    }
  });
});
