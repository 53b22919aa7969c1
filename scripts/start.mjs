// npm start: install what is missing, make MySQL and Redis answer, migrate and seed, build when stale,
// then run web and worker together, restarting either one that dies, until Ctrl-C or SIGTERM stops both.
// Plain Node without dependencies: on a fresh clone node_modules does not exist yet.
// It reads and sets process.env itself because it configures the processes it starts, before lib/env.ts can load.
import path from "node:path";
import { ensureAuthSecret } from "./lib/auth-secret.mjs";
import { ensureDependencies } from "./lib/install-deps.mjs";
import { ensureSecretsKey } from "./lib/secrets-key.mjs";
import { ensureBuild } from "./lib/next-build.mjs";
import { bin, repoRoot, run } from "./lib/run.mjs";
import { startSetting } from "./lib/start-settings.mjs";
import { supervise } from "./lib/supervisor.mjs";

process.chdir(repoRoot);
const port = process.env.PORT ?? "3000";
const dubboPort = process.env.DUBBO_PORT && process.env.DUBBO_PORT !== "0" ? process.env.DUBBO_PORT : null;

if (!(await ensureDependencies())) stop("Installing dependencies failed; see npm's messages above.");

ensureAuthSecret();
ensureSecretsKey();
// What it starts is a production server over a production build: a development or test NODE_ENV would misbehave.
if (process.env.NODE_ENV && process.env.NODE_ENV !== "production") {
  console.log(`NODE_ENV was "${process.env.NODE_ENV}"; npm start runs web and worker with NODE_ENV=production.`);
}
Object.assign(process.env, {
  AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
  // Next's telemetry would only time out on closed networks; anyone can turn it back on.
  NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1",
  NODE_ENV: "production",
  PORT: port,
  PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
  PATH: `${path.join(repoRoot, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
});

if ((await run(bin("tsx"), ["scripts/prepare.ts"])) !== 0) stop("Preparation failed; see above.");
if ((await ensureBuild()) !== 0) stop("The build failed; see above.");

// The worker finishes in-flight calls for up to SHUTDOWN_GRACE_MS after SIGTERM; allow that and a margin.
const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 30_000) + 15_000;

// Either half alone still serves: without a worker clients can submit (tasks wait in MySQL), without a web the
// worker delivers. So a process that dies is restarted and the other keeps running (scripts/lib/supervisor.mjs).
const supervisor = supervise(
  [
    // server.ts: Next.js over the build, with the task-submit routes served directly (see the file).
    { name: "web", command: process.execPath, args: ["dist/server.mjs", "-p", port], color: "cyan" },
    // The compiled worker (ensureBuild made dist/): one process, so signals and the exit code are its own.
    { name: "worker", command: process.execPath, args: ["dist/worker.mjs"], color: "magenta" },
    // kkbida's Dubbo service (dubbo/main.ts), when DUBBO_PORT is set: a process of its own, so a crash or a
    // restart of the web never drops Dubbo connections, and it unregisters from the registries on its own stop.
    ...(dubboPort ? [{ name: "dubbo", command: process.execPath, args: ["dist/dubbo.mjs"], color: "green" }] : []),
  ],
  {
    baseMs: startSetting("START_RESTART_DELAY_MS", 1_000),
    maxMs: startSetting("START_RESTART_MAX_MS", 30_000),
    stableMs: startSetting("START_STABLE_MS", 60_000),
    graceMs,
  },
);
console.log(`Bida is starting at ${process.env.PUBLIC_URL}${dubboPort ? `, Dubbo on port ${dubboPort}` : ""} (Ctrl-C stops them all; one that dies is restarted).`);

let stopping = null;
let forced = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (stopping) {
      if (signal === "SIGINT") {
        console.log("Stopping now (SIGKILL).");
        forced = true;
        supervisor.kill();
      }
      return;
    }
    console.log(`Stopping web and worker (${signal}); the worker finishes its in-flight calls first. Ctrl-C again to force.`);
    // Both get SIGTERM whatever came here: a terminal's Ctrl-C has sent them SIGINT already, which they take alike.
    stopping = supervisor.stop("SIGTERM").then((clean) => process.exit(clean && !forced ? 0 : 1));
  });
}

// `npm start` runs this under `sh -c`, and a SIGTERM sent to npm alone ends npm and sh without passing it on.
// An orphaned start would leave web and worker running, so losing the parent counts as SIGTERM.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent && !stopping) process.kill(process.pid, "SIGTERM");
}, 1_000).unref();

function stop(message) {
  console.error(message);
  process.exit(1);
}
