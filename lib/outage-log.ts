import { sql } from "drizzle-orm";
import type { AppContext } from "./context";
import { env } from "./env";
import { isUnavailable } from "./errors";
import { logger, type Logger } from "./logger";
import { withTimeout } from "./with-timeout";

export type Service = "MySQL" | "Redis";
const services: Service[] = ["MySQL", "Redis"];

export interface OutageLogOptions {
  probes: Record<Service, () => Promise<unknown>>;
  /** How often a count line is written while an outage lasts. */
  reportEveryMs: number;
  /** How often a service that is down is asked again whether it is back. */
  probeEveryMs?: number;
  log?: Logger;
}

interface Outage {
  since: number;
  counts: Map<string, number>;
  reportedAt: number;
}

const fmt = (n: number) => n.toLocaleString("en-US");
const seconds = (ms: number) => `${Math.max(1, Math.round(ms / 1000))} s`;
const tally = (counts: Map<string, number>) => [...counts].map(([what, n]) => `${fmt(n)} ${what}`).join(", ") || "nothing refused yet";
/** The innermost cause's message: drizzle wraps the driver's "connect ECONNREFUSED …" in "Failed query: …". */
function messageOf(err: unknown): string {
  let message = "";
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++, e = (e as { cause?: unknown }).cause) {
    const m = (e as { message?: unknown }).message;
    const code = (e as { code?: unknown }).code;
    if (typeof m === "string" && m) message = m;
    else if (typeof code === "string") message = code;
  }
  return message || String(err) || "unavailable";
}

/**
 * One log line when MySQL or Redis stops answering, a count line every `reportEveryMs` while it stays away, and
 * one line when it answers again — instead of a stack trace per refused request or failed job (a 15 s MySQL
 * outage once printed 1,890 of them). Which service is down is asked of the services themselves (a probe each):
 * a refused connection's error does not reliably say whose it was.
 */
export function createOutageLog(opts: OutageLogOptions) {
  const log = opts.log ?? logger;
  const probeEveryMs = opts.probeEveryMs ?? Math.min(1_000, opts.reportEveryMs);
  const outages = new Map<Service, Outage>();
  // Failures seen before a probe has said whose they are.
  let pending: { since: number; counts: Map<string, number>; err: string } | null = null;
  let checking = false;

  const probe = async (service: Service): Promise<string | null> => {
    try {
      await withTimeout(opts.probes[service](), 1_500, `${service} probe`);
      return null;
    } catch (err) {
      return messageOf(err);
    }
  };

  const watch = (service: Service, outage: Outage) => {
    const timer = setTimeout(async () => {
      const err = await probe(service);
      const now = Date.now();
      if (err === null) {
        outages.delete(service);
        log.info({ service, downMs: now - outage.since }, `${service} reachable again after ${seconds(now - outage.since)}; ${tally(outage.counts)} in all`);
        return;
      }
      if (now - outage.reportedAt >= opts.reportEveryMs) {
        outage.reportedAt = now;
        log.warn({ service, downMs: now - outage.since, err }, `${service} unreachable for ${seconds(now - outage.since)}, ${tally(outage.counts)}`);
      }
      watch(service, outage);
    }, probeEveryMs);
    timer.unref();
  };

  const check = async () => {
    checking = true;
    const results = await Promise.all(services.map(async (s) => [s, await probe(s)] as const));
    checking = false;
    const seen = pending!;
    pending = null;
    const down = results.filter(([, err]) => err !== null);
    if (down.length === 0) {
      // A blip (one connection reset, one slow answer): worth one line, not an outage.
      log.warn({ err: seen.err }, `a backing service failed briefly (${seen.err}); MySQL and Redis answer again; ${tally(seen.counts)}`);
      return;
    }
    down.forEach(([service, err], i) => {
      if (outages.has(service)) return;
      const outage: Outage = { since: seen.since, counts: i === 0 ? seen.counts : new Map(), reportedAt: Date.now() };
      outages.set(service, outage);
      log.error({ service, err }, `${service} unreachable (${err}); counting what it refuses until it answers again`);
      watch(service, outage);
    });
  };

  return {
    /**
     * Counts a failure caused by a backing service that is not answering under `what` ("requests refused",
     * "jobs failed"). Returns false, counting nothing, for any other error: the caller logs that one itself.
     */
    note(err: unknown, what: string, opts: { unavailable?: boolean } = {}): boolean {
      if (!opts.unavailable && !isUnavailable(err)) return false;
      const [running] = outages.values();
      const counts = running?.counts ?? (pending ??= { since: Date.now(), counts: new Map(), err: messageOf(err) }).counts;
      counts.set(what, (counts.get(what) ?? 0) + 1);
      if (!running && !checking) void check();
      return true;
    },
    /** The services down now, with the time each stopped answering. */
    down: () => new Map([...outages].map(([s, o]) => [s, o.since])),
  };
}

export type OutageLog = ReturnType<typeof createOutageLog>;

const store = globalThis as unknown as { bidaOutageLog?: OutageLog };

/** The process's outage log, probing the given context's MySQL and Redis (the first caller's context wins). */
export function watchOutages(ctx: Pick<AppContext, "db" | "redis">): OutageLog {
  store.bidaOutageLog ??= createOutageLog({
    probes: { MySQL: () => ctx.db.execute(sql`SELECT 1`), Redis: () => ctx.redis.ping() },
    reportEveryMs: env.outageReportMs,
  });
  return store.bidaOutageLog;
}

/**
 * Counts `err` into the process's outage log when a backing service is not answering; false means it is some other
 * error (or no context was made yet to probe with), for the caller to log. createAppContext() starts the log.
 */
export function noteOutage(err: unknown, what: string, opts?: { unavailable?: boolean }): boolean {
  if (!store.bidaOutageLog || (!opts?.unavailable && !isUnavailable(err))) return false;
  return store.bidaOutageLog.note(err, what, opts);
}
