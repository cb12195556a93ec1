// Live servers with chat (HTTP + Socket.IO on one port, the same session middleware
// for both, as src/server.ts does), cookies of demo accounts, and socket.io clients.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { createApp } from '../../src/app';
import type { AppContext } from '../../src/core/context';
import { sessionMiddleware } from '../../src/core/http/session';
import { startChat, type ChatOptions } from '../../src/chat/socket';
import { DEMO_PASSWORD } from '../../src/demo/seed';
import { testConfig, testContext } from './app';
import { testDatabase } from './database';
import { demoData } from './demo';

export type ChatTestServer = { url: string; port: number; ctx: AppContext; close(): Promise<void> };

/** The app with chat on 127.0.0.1 (`port` 0: a free one), with the demo data loaded. */
export async function liveChatServer(
  options: Partial<Omit<ChatOptions, 'session'>> & { port?: number; ctx?: AppContext } = {},
): Promise<ChatTestServer> {
  await testDatabase();
  await demoData();
  const ctx = options.ctx ?? testContext();
  const session = sessionMiddleware(testConfig);
  const server = http.createServer(createApp(ctx, { session }));
  const chat = await startChat(ctx, server, { session, ...options });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ctx,
    close: async () => {
      // Sockets first (so that no client reconnects to a closing server), then HTTP.
      await chat.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The session cookie of a demo account, logged in through the real login API. */
export async function sessionCookie(url: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sobujang.sid='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] ?? '';
}

export type ChatClient = Socket;

/** A socket.io client (websocket only, as the browser script) carrying the cookie. */
export function chatClient(url: string, cookie: string | undefined, options: { reconnection?: boolean } = {}): Socket {
  return connect(url, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: options.reconnection ?? true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
}

export function connected(socket: Socket): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

export type Ack = {
  ok: boolean;
  error?: string;
  status?: number;
  fields?: Record<string, string>;
  [key: string]: unknown;
};

export function request(socket: Socket, event: string, payload: unknown, timeoutMs = 10_000): Promise<Ack> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<Ack>;
}

/** Resolves with the first `event` payload that matches. */
export function nextEvent<T>(
  socket: Socket,
  event: string,
  match: (payload: T) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

let counter = 0;
export const newClientId = () =>
  `t${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** A JSON API call with a session cookie. */
export async function api(
  url: string,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export type CaseJson = {
  id: string;
  status: string;
  lead: string | null;
  participants: string[];
  offeredTo: string | null;
};

/** A new case of company1, submitted and routed. */
export async function submittedCase(
  url: string,
  companyCookie: string,
  title = '배터리 파우치 셀 스웰링 원인 분석',
): Promise<CaseJson> {
  const draft = await api(url, companyCookie, 'POST', '/api/cases', {
    title,
    description:
      '리튬이온 배터리 파우치 셀이 60도 고온 보관 후 부풀어 오릅니다. 가스 발생 원인 분석과 신뢰성 평가가 필요합니다.',
    industry: '이차전지',
    supportTypes: ['고장원인분석', '신뢰성평가'],
  });
  if (draft.status !== 201) throw new Error(`draft failed: ${JSON.stringify(draft.body)}`);
  const id = (draft.body.case as CaseJson).id;
  const res = await api(url, companyCookie, 'POST', `/api/cases/${id}/transitions`, { action: 'submit' });
  if (res.status !== 200) throw new Error(`submit failed: ${JSON.stringify(res.body)}`);
  return res.body.case as CaseJson;
}

export const engineerEmail = (code: string | null | undefined) => `eng.${(code ?? '').toLowerCase()}@demo.test`;
