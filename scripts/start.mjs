// npm start: install what is missing, make MySQL and Redis answer, migrate and seed, build when stale,
// then run web and worker together until Ctrl-C or SIGTERM stops both.
// Plain Node without dependencies: on a fresh clone node_modules does not exist yet.
// It reads and sets process.env itself because it configures the processes it starts, before lib/env.ts can load.
import path from "node:path";
import { ensureAuthSecret } from "./lib/auth-secret.mjs";
import { ensureDependencies } from "./lib/install-deps.mjs";
import { ensureSecretsKey } from "./lib/secrets-key.mjs";
import { ensureBuild } from "./lib/next-build.mjs";
import { bin, repoRoot, run } from "./lib/run.mjs";

process.chdir(repoRoot);
const port = process.env.PORT ?? "3000";

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

// Imported only now: on a fresh clone it was installed a moment ago.
const { concurrently } = await import("concurrently");

// The worker finishes in-flight calls for up to SHUTDOWN_GRACE_MS after SIGTERM; allow that and a margin.
const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 30_000) + 15_000;

const { commands, result } = concurrently(
  [
    // server.ts: Next.js over the build, with the task-submit routes served directly (see the file).
    { name: "web", command: `exec node dist/server.mjs -p ${port}`, prefixColor: "cyan" },
    // The compiled worker (ensureBuild made dist/): one process, so signals and the exit code are its own.
    { name: "worker", command: "exec node dist/worker.mjs", prefixColor: "magenta" },
  ],
  {
    cwd: repoRoot,
    padPrefix: true,
    // One half alone is a broken service: when either ends (both stop cleanly, exit 0, on a signal of their
    // own), stop the other, so a supervisor sees the failure.
    killOthersOn: ["failure", "success"],
    killSignal: "SIGTERM",
    killTimeout: graceMs,
  },
);
console.log(`Bida is starting at ${process.env.PUBLIC_URL} (Ctrl-C stops web and worker).`);

// concurrently forwards SIGINT/SIGTERM/SIGHUP to both; this adds a message, a second Ctrl-C, and a deadline.
let stopping = false;
let forced = false;
const forceStop = () => {
  forced = true;
  commands.forEach((c) => c.kill("SIGKILL"));
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (stopping) {
      if (signal === "SIGINT") {
        console.log("Stopping now (SIGKILL).");
        forceStop();
      }
      return;
    }
    stopping = true;
    console.log(`Stopping web and worker (${signal}); the worker finishes its in-flight calls first. Ctrl-C again to force.`);
    setTimeout(forceStop, graceMs).unref();
  });
}

// `npm start` runs this under `sh -c`, and a SIGTERM sent to npm alone ends npm and sh without passing it on.
// An orphaned start would leave web and worker running, so losing the parent counts as SIGTERM.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent && !stopping) process.kill(process.pid, "SIGTERM");
}, 1_000).unref();

await result.catch(() => {}); // each exit is already logged with its code
// Asked to stop, it is a success unless a process had to be killed; a process that ended by itself is a failure.
process.exit(stopping && !forced ? 0 : 1);

function stop(message) {
  console.error(message);
  process.exit(1);
}
