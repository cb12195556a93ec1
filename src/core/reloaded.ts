// A value read from the database at most every `everyMs`, shared by all who ask
// meanwhile: for small, rarely changed data that every request of a hot path needs.
// A failed read is not kept, so the next caller reads again.

export type Reloaded<T> = {
  get(): Promise<T>;
  /** Drops the value, after a change made in this process. */
  forget(): void;
};

export function reloadedEvery<T>(everyMs: number, read: () => Promise<T>): Reloaded<T> {
  let held: { until: number; value: Promise<T> } | undefined;
  return {
    get() {
      if (!held || held.until < Date.now()) {
        const value = read();
        held = { until: Date.now() + everyMs, value };
        value.catch(() => (held = undefined));
      }
      return held.value;
    },
    forget() {
      held = undefined;
    },
  };
}
