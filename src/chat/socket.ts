// Live case chat over Socket.IO: the handshake reuses the web session (the very same
// express-session and passport middleware instances as the HTTP app), every payload
// is validated, every join/send/read asks the policy module, and the room of a case
// follows its team. With REDIS_URL several processes share rooms through the Redis
// streams adapter, which also keeps connection state recovery working across them.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { RequestHandler } from 'express';
import { createClient } from 'redis';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import { configurePassport } from '../accounts/passport';
import type { Actor } from '../accounts/roles';
import { onSessionsEnded, type EndedSessions } from '../accounts/session-events';
import { Case } from '../cases/model';
import type { AppContext } from '../core/context';
import { AppError, badRequest, isDatabaseUnavailable, tooManyRequests } from '../core/errors';
import { validate } from '../core/http/validate';
import { unreadCount } from '../notifications/service';
import { authorizeChat, chatCase, forgetChatCase, mayChat } from './access';
import { noteChatMessage } from './activity';
import { registerChatHub, type ChatHub } from './hub';
import type { ChatAttachment } from './model';
import { isOwnOrigin } from './origin';
import { CHAT_RATE, rateLimitedMessage, TokenBucket, UserConnections } from './rate-limit';
import { joinSchema, leaveSchema, readSchema, sendSchema, typingSchema } from './schemas';
import {
  latestMessages,
  markRead,
  messagesAfter,
  noteStoredElsewhere,
  readReceipts,
  storeMessage,
  unreadFor,
  useChatLogger,
} from './service';
import { authorOf, messageView } from './view';

export type ChatOptions = {
  /** The session middleware instance the express app uses. */
  session: RequestHandler;
  redisUrl?: string;
  /** Names the Redis stream, channels and session keys (several deployments on one Redis, tests). */
  redisPrefix?: string;
  /** How long a dropped client may come back and get what it missed (connection state recovery). */
  recoveryMs?: number;
  /** The app's public address: a browser's handshake must come from it (or from the host it asks). */
  appUrl?: string;
};

export type ChatServer = { io: Server; close(): Promise<void> };

type SocketData = { user: Actor; sessionId?: string };
type Ack = (reply: unknown) => void;
type ChatSocket = Socket<
  Record<string, (...args: never[]) => void>,
  Record<string, never>,
  Record<string, never>,
  SocketData
>;

const ROOM_PREFIX = 'case:';
const userRoom = (userId: string) => `user:${userId}`;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const roomOf = (caseId: string) => `${ROOM_PREFIX}${caseId}`;
const caseOfRoom = (room: string) => (room.startsWith(ROOM_PREFIX) ? room.slice(ROOM_PREFIX.length) : undefined);

const UNAVAILABLE = '데이터베이스에 일시적으로 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.';
const FAILED = '요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.';
const REMOVED = '지원팀이 바뀌어 이 과제 대화에서 나갔습니다.';
const TOO_MANY_SOCKETS = '동시에 연 대화 창이 너무 많습니다. 다른 창을 닫고 다시 시도해 주세요.';
const FOREIGN_ORIGIN = '이 주소에서는 대화에 연결할 수 없습니다.';

/** Engine middlewares run on every HTTP request of a connection; the session is needed on the first only. */
function onlyForHandshake(middleware: RequestHandler) {
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    const isHandshake = (req as IncomingMessage & { _query?: { sid?: string } })._query?.sid === undefined;
    if (!isHandshake) return next();
    (middleware as unknown as (q: IncomingMessage, s: ServerResponse, n: (e?: unknown) => void) => void)(
      req,
      res,
      next,
    );
  };
}

/** The case a packet is about (every chat event carries caseId or message.caseId). */
function caseOfPacket(packet: unknown[]): string | undefined {
  const payload = packet[1] as { caseId?: unknown; message?: { caseId?: unknown } } | undefined;
  const id = payload?.caseId ?? payload?.message?.caseId;
  return typeof id === 'string' ? id : undefined;
}

async function attachmentOf(caseId: string, attachmentId: string | undefined): Promise<ChatAttachment | undefined> {
  if (!attachmentId) return undefined;
  const c = await Case.findById(caseId, { attachments: 1 }).lean();
  const found = c?.attachments.find((a) => String(a.fileId) === attachmentId);
  if (!found)
    throw badRequest('첨부 파일을 찾을 수 없습니다.', {
      attachmentId: '이 과제에 올린 파일만 메시지에 붙일 수 있습니다.',
    });
  return {
    id: attachmentId,
    filename: found.filename ?? 'file',
    contentType: found.contentType ?? 'application/octet-stream',
    size: found.size ?? 0,
  };
}

export async function startChat(ctx: AppContext, httpServer: HttpServer, options: ChatOptions): Promise<ChatServer> {
  const { log } = ctx;
  useChatLogger(log);
  const io = new Server<
    Record<string, (...args: never[]) => void>,
    Record<string, never>,
    Record<string, never>,
    SocketData
  >(httpServer, {
    serveClient: true,
    connectionStateRecovery: { maxDisconnectionDuration: options.recoveryMs ?? 2 * 60 * 1000, skipMiddlewares: false },
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });

  let redis: ReturnType<typeof createClient> | undefined;
  if (options.redisUrl) {
    redis = createClient({ url: options.redisUrl });
    redis.on('error', (error: unknown) => log.warn({ err: error }, 'chat redis error'));
    await redis.connect();
    const prefix = options.redisPrefix ?? 'sobujang-chat';
    io.adapter(
      createAdapter(redis, {
        streamName: `${prefix}:stream`,
        channelPrefix: prefix,
        sessionKeyPrefix: `${prefix}:session:`,
        onlyPlaintext: true,
      }),
    );
    log.info({ prefix }, 'chat shares rooms through Redis');
  }

  // A client coming back after a short disconnection gets its rooms and missed packets
  // back (connection state recovery); but not those of cases it has left the team of meanwhile.
  const adapter = io.of('/').adapter;
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restore(pid, offset);
    const user = (session?.data as SocketData | undefined)?.user;
    if (!session || !user) return session;
    const denied = new Set<string>();
    for (const room of session.rooms) {
      const caseId = caseOfRoom(room);
      if (!caseId) continue;
      const allowed = await chatCase(caseId, true).then(
        (c) => mayChat(user, c),
        () => false,
      );
      if (!allowed) denied.add(caseId);
    }
    if (!denied.size) return session;
    return {
      ...session,
      rooms: session.rooms.filter((room) => !denied.has(caseOfRoom(room) ?? '')),
      missedPackets: session.missedPackets.filter((packet) => !denied.has(caseOfPacket(packet) ?? '')),
    };
  };

  // Other processes' messages pass through the adapter: note their seqs, so that this
  // process rarely picks a seq that is already taken (which would cost a retry).
  const cluster = adapter as unknown as { onMessage?: (message: unknown, offset?: string) => unknown };
  if (redis && typeof cluster.onMessage === 'function') {
    const onMessage = cluster.onMessage.bind(adapter);
    cluster.onMessage = (message, offset) => {
      const data = (message as { data?: { packet?: { data?: unknown[] } } }).data?.packet?.data;
      if (Array.isArray(data) && data[0] === 'chat:message') {
        const m = (data[1] as { message?: { caseId?: unknown; seq?: unknown } } | undefined)?.message;
        if (typeof m?.caseId === 'string' && typeof m.seq === 'number') noteStoredElsewhere(m.caseId, m.seq);
      }
      return onMessage(message, offset);
    };
  }

  const passport = configurePassport();
  io.engine.use(onlyForHandshake(options.session));
  io.engine.use(onlyForHandshake(passport.session()));
  const perUser = new UserConnections();
  io.use((socket, next) => {
    const request = socket.request as IncomingMessage & { user?: Actor; sessionID?: string };
    const refuse = (message: string, status: number) => next(Object.assign(new Error(message), { data: { status } }));
    if (!isOwnOrigin(request, options.appUrl)) return refuse(FOREIGN_ORIGIN, 403);
    const user = request.user;
    if (!user) return refuse('로그인이 필요합니다.', 401);
    if (socket.recovered && socket.data.user && socket.data.user.id !== user.id)
      return refuse('다시 연결해 주세요.', 401);
    if (!perUser.open(user.id)) return refuse(TOO_MANY_SOCKETS, 429);
    socket.data.user = user;
    socket.data.sessionId = request.sessionID;
    next();
  });

  // Presence: who is online in a room, sent to the room shortly after it changes.
  const presenceTimers = new Map<string, NodeJS.Timeout>();
  const sendPresence = async (caseId: string) => {
    const sockets = await io.in(roomOf(caseId)).fetchSockets();
    const online = new Map<string, { id: string; name: string; role: string; institute?: string }>();
    for (const s of sockets) {
      const u = s.data.user;
      if (u)
        online.set(u.id, {
          id: u.id,
          name: u.name,
          role: u.role,
          ...(u.instituteCode ? { institute: u.instituteCode } : {}),
        });
    }
    io.to(roomOf(caseId)).emit('chat:presence', { caseId, online: [...online.values()] });
  };
  const schedulePresence = (caseId: string) => {
    if (presenceTimers.has(caseId)) return;
    const timer = setTimeout(() => {
      presenceTimers.delete(caseId);
      sendPresence(caseId).catch((error: unknown) => log.debug({ err: error, caseId }, 'presence failed'));
    }, 50);
    timer.unref();
    presenceTimers.set(caseId, timer);
  };

  const hub: ChatHub = {
    broadcast(message) {
      io.to(roomOf(message.caseId)).emit('chat:message', { message: messageView(message) });
    },
    async bell(userIds) {
      await Promise.all(
        userIds.map(async (id) =>
          io.to(userRoom(id)).emit('notifications:unread', { count: await unreadCount({ id }) }),
        ),
      );
    },
    async caseChanged(caseId) {
      forgetChatCase(caseId);
      if (redis) io.serverSideEmit('chat:case-changed', caseId);
      const c = await chatCase(caseId, true);
      for (const s of await io.in(roomOf(caseId)).fetchSockets()) {
        if (s.data.user && mayChat(s.data.user, c)) continue;
        s.leave(roomOf(caseId));
        s.emit('chat:removed', { caseId, error: REMOVED });
      }
      schedulePresence(caseId);
    },
  };
  const unregister = registerChatHub(ctx, hub);
  const endSessions = (ended: EndedSessions) => {
    const room = 'userId' in ended ? userRoom(ended.userId) : sessionRoom(ended.sessionId);
    io.in(room).disconnectSockets(true);
  };
  const unsubscribe = onSessionsEnded(`chat-${randomUUID()}`, endSessions);
  io.on(
    'chat:case-changed' as never,
    ((caseId: unknown) => {
      if (typeof caseId === 'string') forgetChatCase(caseId);
    }) as never,
  );

  function reply(ack: unknown): Ack {
    return typeof ack === 'function' ? (ack as Ack) : () => undefined;
  }

  function failure(error: unknown, event: string) {
    if (error instanceof AppError)
      return {
        ok: false,
        error: error.message,
        status: error.status,
        ...(error.fields ? { fields: error.fields } : {}),
      };
    if (isDatabaseUnavailable(error)) return { ok: false, error: UNAVAILABLE, status: 503 };
    log.error({ err: error, event }, 'chat event failed');
    return { ok: false, error: FAILED, status: 500 };
  }

  io.on('connection', (raw) => {
    const socket = raw as unknown as ChatSocket;
    const user = socket.data.user;
    // Logout, a password change or a reset closes the sockets of the sessions that ended.
    void socket.join([userRoom(user.id), ...(socket.data.sessionId ? [sessionRoom(socket.data.sessionId)] : [])]);
    socket.on('disconnect', () => perUser.close(user.id));
    const limits = {
      userSend: perUser.sendBucket(user.id),
      send: new TokenBucket(CHAT_RATE.send.burst, CHAT_RATE.send.perSecond),
      other: new TokenBucket(CHAT_RATE.other.burst, CHAT_RATE.other.perSecond),
      typing: new TokenBucket(CHAT_RATE.typing.burst, CHAT_RATE.typing.perSecond),
    };

    // Sends of one socket are handled one after another, so they are stored in the order
    // sent even when their access checks take different times (a cold case cache).
    let lastSend: Promise<unknown> = Promise.resolve();
    const inSendOrder = <T>(work: () => Promise<T>): Promise<T> => {
      const next = lastSend.then(work, work);
      lastSend = next.catch(() => undefined);
      return next;
    };

    function on<S extends z.ZodType>(
      event: string,
      schema: S,
      buckets: TokenBucket[],
      run: (input: z.infer<S>) => Promise<Record<string, unknown>>,
    ) {
      socket.on(event, (async (payload: unknown, ack: unknown) => {
        const answer = reply(ack);
        try {
          const empty = buckets.find((bucket) => !bucket.take());
          if (empty) throw tooManyRequests(rateLimitedMessage(empty.waitMs()));
          answer({ ok: true, ...(await run(validate(schema, payload))) });
        } catch (error) {
          answer(failure(error, event));
        }
      }) as never);
    }

    on('chat:join', joinSchema, [limits.other], async ({ caseId, after }) => {
      await authorizeChat(user, caseId, 'chat:join', true);
      await socket.join(roomOf(caseId));
      const [page, unread, reads] = await Promise.all([
        after === undefined ? latestMessages(caseId) : messagesAfter(caseId, after),
        unreadFor(caseId, user.id),
        readReceipts(caseId),
      ]);
      schedulePresence(caseId);
      return {
        caseId,
        messages: page.messages.map(messageView),
        lastSeq: page.lastSeq,
        more: 'more' in page ? page.more : false,
        unread: unread.unread,
        readUpTo: unread.readUpTo,
        reads,
      };
    });

    on('chat:send', sendSchema, [limits.send, limits.userSend], ({ caseId, clientId, text, attachmentId }) =>
      inSendOrder(async () => {
        const c = await authorizeChat(user, caseId, 'chat:send');
        const stored = await storeMessage(
          {
            caseId,
            clientId,
            text,
            author: authorOf(user, c),
            attachment: await attachmentOf(caseId, attachmentId),
            at: ctx.now(),
          },
          (message) => hub.broadcast(message),
        );
        if (!stored.duplicate) noteChatMessage(ctx, c, user);
        return { message: messageView(stored.message), duplicate: stored.duplicate };
      }),
    );

    on('chat:read', readSchema, [limits.other], async ({ caseId, upTo }) => {
      await authorizeChat(user, caseId, 'chat:join');
      const marker = await markRead(caseId, { id: user.id, name: user.name }, upTo, ctx.now());
      socket.to(roomOf(caseId)).emit('chat:read', { caseId, user: { id: user.id, name: user.name }, upTo: marker });
      const { unread } = await unreadFor(caseId, user.id);
      return { caseId, upTo: marker, unread };
    });

    on('chat:leave', leaveSchema, [limits.other], async ({ caseId }) => {
      await socket.leave(roomOf(caseId));
      schedulePresence(caseId);
      return { caseId };
    });

    socket.on('chat:typing', ((payload: unknown, ack: unknown) => {
      const parsed = typingSchema.safeParse(payload);
      if (!parsed.success || !socket.rooms.has(roomOf(parsed.data.caseId)) || !limits.typing.take()) return;
      const { caseId, typing } = parsed.data;
      socket
        .to(roomOf(caseId))
        .volatile.emit('chat:typing', { caseId, user: { id: user.id, name: user.name }, typing });
      reply(ack)({ ok: true });
    }) as never);

    socket.on('disconnecting', () => {
      for (const room of socket.rooms) {
        const caseId = caseOfRoom(room);
        if (caseId) schedulePresence(caseId);
      }
    });

    if (socket.recovered) {
      for (const room of socket.rooms) {
        const caseId = caseOfRoom(room);
        if (caseId) schedulePresence(caseId);
      }
    }
  });

  return {
    io: io as unknown as Server,
    close: async () => {
      unregister();
      unsubscribe();
      for (const timer of presenceTimers.values()) clearTimeout(timer);
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      if (redis) await redis.close().catch(() => undefined);
    },
  };
}
