// A token bucket per socket: `burst` events at once, then `perSecond` on average.
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
  other: { burst: 40, perSecond: 10 },
  typing: { burst: 5, perSecond: 1 },
};

export const rateLimitedMessage = (waitMs: number) =>
  `메시지를 너무 빨리 보내고 있습니다. ${Math.max(1, Math.ceil(waitMs / 1000))}초 뒤에 다시 보내 주세요.`;
