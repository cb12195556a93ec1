// Chat limits: a token bucket per socket and one per user for sends (`burst` events at
// once, then `perSecond` on average), and a cap on one user's sockets in a process.
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = clock();
  }

  /** Takes a token; false when the bucket is empty. */
  take(): boolean {
    const now = this.clock();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token. */
  waitMs(): number {
    return Math.max(0, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000));
  }
}

export const CHAT_RATE = {
  send: { burst: 10, perSecond: 2 },
  /** All sockets of one user together (several tabs and devices). */
  userSend: { burst: 20, perSecond: 4 },
  other: { burst: 40, perSecond: 10 },
  typing: { burst: 5, perSecond: 1 },
};

export const rateLimitedMessage = (waitMs: number) =>
  `메시지를 너무 빨리 보내고 있습니다. ${Math.max(1, Math.ceil(waitMs / 1000))}초 뒤에 다시 보내 주세요.`;

/** Sockets a user may hold open in one process (tabs and devices). */
export const MAX_SOCKETS_PER_USER = 10;

/** Per user: how many sockets are open, and the send bucket they share. */
export class UserConnections {
  private readonly users = new Map<string, { sockets: number; send: TokenBucket }>();

  /** Counts a new socket of the user; false when the user already holds the most allowed. */
  open(userId: string): boolean {
    const known = this.users.get(userId);
    if (known && known.sockets >= MAX_SOCKETS_PER_USER) return false;
    if (known) known.sockets++;
    else
      this.users.set(userId, {
        sockets: 1,
        send: new TokenBucket(CHAT_RATE.userSend.burst, CHAT_RATE.userSend.perSecond),
      });
    return true;
  }

  close(userId: string): void {
    const known = this.users.get(userId);
    if (known && --known.sockets <= 0) this.users.delete(userId);
  }

  sendBucket(userId: string): TokenBucket {
    const known = this.users.get(userId);
    if (!known) throw new Error(`no open socket of user ${userId}`);
    return known.send;
  }
}
