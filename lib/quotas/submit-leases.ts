/**
 * Submit quota held in this process: when the admission script admits a submit of a busy client it may hand out a
 * few more tokens (and open-task slots) at once, already taken from the client's bucket and counted as open in
 * Redis, and the next submits of that client here spend them without a round trip. Measured in the bench's trust
 * phase: a script call before every single submit cost 8–12% of single-submit throughput; with leases a busy
 * client's submits go to Redis about once per lease.
 *
 * A lease can only make a client wait sooner, never let it past a quota: its tokens were taken from the bucket and
 * its slots counted against the open-task cap when it was granted. What is held back is bounded: a lease asks for
 * no more than the client submitted here in the last LEASE_MS, at most a tenth of its burst and of its open-task
 * cap (so small quotas, as tests and careful operators set, are decided exactly, submit by submit), and what is
 * unspent after LEASE_MS goes back (open slots uncounted, tokens returned to the bucket). A process killed while it
 * holds a lease leaves its open slots counted until the sweeper's recount (QUOTA_RECONCILE_MS).
 */
import type { Quotas } from "./client-quotas";

export const LEASE_MS = 200;
const LEASE_MAX = 1_000;

interface ClientLease {
  tokens: number;
  /** µs per token of the bucket the tokens came from (0: no rate), for giving them back. */
  interval: number;
  timer: NodeJS.Timeout | null;
  /** A lease is being asked for: the client's other submits meanwhile ask for none. */
  asking: boolean;
  /** Tasks submitted here in the current and the previous window of LEASE_MS: what a lease is sized by. */
  seen: number;
  seenBefore: number;
  windowStart: number;
}

export type GiveBack = (clientId: number, unused: number, interval: number) => void;

export class SubmitLeases {
  private readonly leases = new Map<number, ClientLease>();

  constructor(private readonly giveBack: GiveBack) {}

  /** Spends `count` of the client's lease if it holds that many; counts the demand either way. */
  take(clientId: number, count: number): boolean {
    const lease = this.lease(clientId);
    const now = Date.now();
    if (now - lease.windowStart >= LEASE_MS) {
      lease.seenBefore = now - lease.windowStart < 2 * LEASE_MS ? lease.seen : 0;
      lease.seen = 0;
      lease.windowStart = now;
    }
    lease.seen += count;
    if (lease.tokens < count) return false;
    lease.tokens -= count;
    return true;
  }

  /**
   * How many tokens beyond this submit's `count` the script call should ask for: as many as the client submitted
   * here lately besides it, so a client submitting now and then is decided submit by submit (0) with no give-back.
   */
  want(clientId: number, count: number, q: Quotas): number {
    const lease = this.lease(clientId);
    if (lease.asking) return 0;
    const byBurst = q.submitsPerSecond > 0 ? Math.floor(q.submitBurst / 10) : LEASE_MAX;
    const byCap = q.openTasks > 0 ? Math.floor(q.openTasks / 10) : LEASE_MAX;
    const want = Math.min(LEASE_MAX, byBurst, byCap, lease.seen - count + lease.seenBefore);
    lease.asking = want > 0;
    return want;
  }

  /** The script's answer to an ask that wanted a lease: `extra` tokens granted (maybe 0). */
  granted(clientId: number, extra: number, interval: number): void {
    const lease = this.lease(clientId);
    lease.asking = false;
    if (extra <= 0) return;
    // Tokens left from an older lease go back with these, LEASE_MS from now.
    lease.tokens += extra;
    lease.interval = interval;
    if (lease.timer) clearTimeout(lease.timer);
    lease.timer = setTimeout(() => this.expire(clientId), LEASE_MS);
    lease.timer.unref();
  }

  private expire(clientId: number): void {
    const lease = this.lease(clientId);
    lease.timer = null;
    if (lease.tokens > 0) this.giveBack(clientId, lease.tokens, lease.interval);
    lease.tokens = 0;
    // A client that has gone quiet drops out of the map (one entry per API client at most, in any case).
    if (!lease.asking && Date.now() - lease.windowStart >= LEASE_MS) this.leases.delete(clientId);
  }

  private lease(clientId: number): ClientLease {
    let lease = this.leases.get(clientId);
    if (!lease) {
      lease = { tokens: 0, interval: 0, timer: null, asking: false, seen: 0, seenBefore: 0, windowStart: Date.now() };
      this.leases.set(clientId, lease);
    }
    return lease;
  }
}
