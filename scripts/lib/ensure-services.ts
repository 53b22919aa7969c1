import { setTimeout as sleep } from "node:timers/promises";
import {
  allowPasswordlessLocalRoot,
  aptInstall,
  canUseApt,
  mysqlInstalled,
  redisInstalled,
  startMysql,
  startRedis,
} from "./local-servers";
import { pingMysql, pingRedis, type Ping } from "./service-ping";
import { isLocalHost, redactUrl, SetupError } from "./setup-error";

export interface ServiceUrls {
  databaseUrl: string;
  /** Unset for a Redis Cluster: a cluster is the operator's to run, and nothing local could stand in for it. */
  redisUrl?: string;
}

interface Service {
  name: "MySQL" | "Redis";
  url: string;
  ping: () => Promise<Ping>;
  installed: () => boolean;
  start: () => boolean;
  aptPackage: string;
}

const WAIT_MS = 60_000;

/**
 * Makes MySQL and Redis answer at the given URLs: starts the locally installed servers when they are down,
 * installs them with apt-get when running as root on Debian/Ubuntu, or throws one SetupError saying what to do.
 */
export async function ensureServices(urls: ServiceUrls, log: (line: string) => void = console.log): Promise<void> {
  const redisUrl = urls.redisUrl;
  const services: Service[] = [
    {
      name: "MySQL",
      url: urls.databaseUrl,
      ping: () => pingMysql(urls.databaseUrl),
      installed: mysqlInstalled,
      start: startMysql,
      aptPackage: "mariadb-server",
    },
    ...(redisUrl === undefined
      ? []
      : [
          {
            name: "Redis" as const,
            url: redisUrl,
            ping: () => pingRedis(redisUrl),
            installed: redisInstalled,
            start: () => startRedis(Number(new URL(redisUrl).port || 6379)),
            aptPackage: "redis-server",
          },
        ]),
  ];

  const first = await Promise.all(services.map((s) => s.ping()));
  if (first.every((r) => r.ok)) return;
  // Down means silent; a server that answers but refuses these credentials needs the user, not a restart.
  const down = services.filter((_, i) => {
    const r = first[i]!;
    return !r.ok && !r.reachable;
  });
  const installedNow = new Set<Service["name"]>();

  const local = down.filter((s) => isLocalHost(new URL(s.url).hostname));
  const missing = local.filter((s) => !s.installed());
  if (missing.length > 0 && canUseApt()) {
    log(`Installing ${missing.map((s) => s.aptPackage).join(" and ")} with apt-get…`);
    if (aptInstall(missing.map((s) => s.aptPackage))) missing.forEach((s) => installedNow.add(s.name));
  }
  const started: Service[] = [];
  for (const s of local) {
    // apt may have started it already; a second server on the same port would only fail.
    if (installedNow.has(s.name) && (await s.ping()).ok) continue;
    if (!s.installed()) continue;
    log(`${s.name} does not answer at ${redactUrl(s.url)}; starting the local server…`);
    if (s.start()) started.push(s);
    else log(`Could not start the local ${s.name} server (it may already run, listening elsewhere).`);
  }

  if (started.length > 0) log(`Waiting up to ${WAIT_MS / 1000} s for ${started.map((s) => s.name).join(" and ")}…`);
  const results = await Promise.all(services.map((s) => (started.includes(s) ? waitFor(s) : s.ping())));

  // A MariaDB that this run installed only lets root in through the unix socket; open it to local TCP too.
  const mysqlResult = results[0]!;
  if (!mysqlResult.ok && mysqlResult.reachable && installedNow.has("MySQL") && allowPasswordlessLocalRoot()) {
    results[0] = await services[0]!.ping();
  }

  const failures = services.flatMap((s, i) => {
    const r = results[i]!;
    return r.ok ? [] : [{ service: s, ping: r }];
  });
  if (failures.length > 0) throw new SetupError(explain(failures));
}

async function waitFor(service: Service): Promise<Ping> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const result = await service.ping();
    if (result.ok || Date.now() > deadline) return result;
    await sleep(500);
  }
}

function explain(failures: { service: Service; ping: Ping & { ok: false } }[]): string {
  const lines = failures.map(({ service, ping }) =>
    ping.reachable
      ? `${service.name} at ${redactUrl(service.url)} answers but refuses the connection: ${ping.reason}`
      : `${service.name} does not answer at ${redactUrl(service.url)} (${ping.reason}).`,
  );
  if (failures.every((f) => f.ping.reachable)) {
    return [
      ...lines,
      "",
      "Fix the user or password in DATABASE_URL / REDIS_URL (in .env, see .env.example); the MySQL user needs",
      "the right to create the database, or create it yourself first.",
    ].join("\n");
  }
  const remote = failures.some((f) => !isLocalHost(new URL(f.service.url).hostname));
  return [
    ...lines,
    "",
    "Bida needs MySQL 8 or MariaDB 10.6+ and Redis 6.2+. To fix this, do one of:",
    ...(remote ? ["  - make sure the remote server is running and reachable from this machine;"] : []),
    "  - install and start them locally; on Debian/Ubuntu: sudo apt-get install -y mariadb-server redis-server",
    "    (npm start does this by itself when run as root);",
    "  - run them in Docker: docker compose up -d mysql redis   then npm start again;",
    "  - point DATABASE_URL / REDIS_URL (in .env, see .env.example) at servers you already have.",
  ].join("\n");
}
