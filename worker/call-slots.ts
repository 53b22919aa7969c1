/**
 * At most `size` deliveries calling out at once (WORKER_CONCURRENCY: "calls in flight"), first come first served.
 * A delivery job spends most of its life outside the call — fetched, then waiting for its group commit — so the
 * queue worker holds more jobs than there are slots, and only loading and calling the target need one.
 */
export interface CallSlots {
  /** Resolves true once a slot is held, or false when the worker is closing and the job should go back. */
  acquire(): Promise<boolean>;
  release(): void;
  /** Turns away everyone still waiting (they resolve false), and anyone who asks from now on. */
  close(): void;
}

export function createCallSlots(size: number): CallSlots {
  let free = size;
  let closed = false;
  const waiting: Array<(granted: boolean) => void> = [];
  return {
    acquire() {
      if (closed) return Promise.resolve(false);
      if (free > 0) {
        free--;
        return Promise.resolve(true);
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next) next(true);
      else free++;
    },
    close() {
      closed = true;
      for (const turnAway of waiting.splice(0)) turnAway(false);
    },
  };
}
