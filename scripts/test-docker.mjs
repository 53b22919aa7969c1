// npm run test:docker: builds Bida's image from the Dockerfile and checks that its web and worker start and deliver.
// Not part of npm test: it needs root, Debian's docker.io and a few minutes. No image registry is needed — the base
// image is made here: a Debian bookworm root file system from debootstrap (cached), with this machine's own Node.js
// copied in, loaded with `docker import` and passed to the Dockerfile as BASE_IMAGE. The containers run with
// --network host against this machine's MySQL/MariaDB and Redis, in a database and key prefix of their own.
//
// Settings (environment): DOCKER_CHECK_DATABASE_URL (mysql://root@127.0.0.1:3306/bida_docker_check; its name must say
// "check" or "test", it is dropped at start and end), DOCKER_CHECK_REDIS_URL (TEST_REDIS_URL, else
// redis://127.0.0.1:6379/1), DOCKER_CHECK_CACHE (/var/tmp/bida-docker-check: the root fs tarball), DOCKER_CHECK_KEEP=1
// (leave the image for a look), DOCKER_CHECK_VERBOSE=1 (print docker build's output).
// Plain Node plus mysql2 and ioredis from node_modules; it reads process.env itself, as the other scripts do.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { repoRoot, isRoot } from "./lib/run.mjs";

const started = Date.now();
const databaseUrl = process.env.DOCKER_CHECK_DATABASE_URL ?? "mysql://root@127.0.0.1:3306/bida_docker_check";
const redisUrl = process.env.DOCKER_CHECK_REDIS_URL ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/1";
const redisPrefix = "bida-docker-check-test";
const cacheDir = process.env.DOCKER_CHECK_CACHE ?? "/var/tmp/bida-docker-check";
const keep = process.env.DOCKER_CHECK_KEEP === "1";
const rootfsTar = path.join(cacheDir, "bookworm-minbase.tar");
const tag = `bida-check-${process.pid}`;
const baseTag = `bida-check-base:${process.pid}`;
const debianTag = `bida-check-debian:${process.pid}`;
const imageTag = `bida-check:${process.pid}`;
const work = mkdtempSync(path.join(os.tmpdir(), "bida-docker-check-"));
const timings = [];
const cleanups = [];

const say = (line) => console.log(`[test:docker] ${line}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Runs a command, streaming its output; throws when it fails. */
function sh(command, args, { env = process.env, quiet = false, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: [input ? "pipe" : "ignore", "pipe", "pipe"] });
    let out = "";
    const keepOut = (chunk) => {
      out += chunk;
      if (out.length > 400_000) out = out.slice(-200_000);
      if (!quiet) process.stdout.write(chunk);
    };
    child.stdout.on("data", keepOut);
    child.stderr.on("data", keepOut);
    if (input) child.stdin.end(input);
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(" ")} exited with ${code}\n${out.slice(-3000)}`))));
  });
}

async function phase(name, fn) {
  const t0 = Date.now();
  say(`${name}…`);
  const result = await fn();
  timings.push([name, Date.now() - t0]);
  say(`${name}: done in ${seconds(Date.now() - t0)}`);
  return result;
}

const which = (name) => ["/usr/bin", "/usr/sbin", "/bin", "/sbin"].map((d) => path.join(d, name)).find((f) => existsSync(f)) ?? null;

async function ensurePackages() {
  // Debian's own docker CLI and daemon, whatever else is on PATH: the two come as one version.
  if (which("dockerd") && existsSync("/usr/bin/docker") && which("debootstrap")) return;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () => sh("apt-get", ["install", "-y", "--no-install-recommends", "docker.io", "debootstrap"], { env });
  await install().catch(async () => {
    await sh("apt-get", ["update"], { env });
    await install();
  });
}

const docker = (args, opts = {}) => sh("/usr/bin/docker", args, { ...opts, env: { ...process.env, DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: "0" } });
let dockerHost = "unix:///var/run/docker.sock";

/** Uses a dockerd that answers already; else starts one of its own, everything under the temporary folder. */
async function ensureDockerd() {
  if (await docker(["version", "--format", "{{.Server.Version}}"], { quiet: true }).then(() => true, () => false)) {
    say("using the docker daemon already running at /var/run/docker.sock");
    return;
  }
  const dir = path.join(work, "dockerd");
  mkdirSync(dir, { recursive: true });
  dockerHost = `unix://${dir}/docker.sock`;
  // No bridge, no iptables rules: the containers use the host's network, and the shared machine's firewall is left alone.
  const daemon = spawn(which("dockerd"), [
    "--host", dockerHost, "--data-root", path.join(dir, "data"), "--exec-root", path.join(dir, "exec"), "--pidfile", path.join(dir, "docker.pid"),
    "--bridge=none", "--iptables=false", "--ip-masq=false", "--ip6tables=false",
  ], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  for (const s of [daemon.stdout, daemon.stderr]) s.on("data", (c) => (log = (log + c).slice(-20_000)));
  cleanups.push(async () => {
    if (daemon.exitCode !== null) return;
    daemon.kill("SIGTERM");
    await Promise.race([new Promise((r) => daemon.once("exit", r)), sleep(30_000).then(() => daemon.kill("SIGKILL"))]);
    say(`dockerd (pid ${daemon.pid}) stopped`);
    // dockerd leaves its network namespace bind-mounted under exec-root; unmounted first, the folder can go.
    const mounts = readFileSync("/proc/self/mounts", "utf8").split("\n").map((l) => l.split(" ")[1]).filter((m) => m?.startsWith(dir));
    for (const m of mounts.reverse()) await sh("umount", ["-l", m], { quiet: true }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
  for (let i = 0; i < 120; i++) {
    if (daemon.exitCode !== null) throw new Error(`dockerd exited with ${daemon.exitCode}\n${log}`);
    if (await docker(["version", "--format", "{{.Server.Version}}"], { quiet: true }).then(() => true, () => false)) {
      say(`dockerd started (pid ${daemon.pid}), data under ${dir}`);
      return;
    }
    await sleep(500);
  }
  throw new Error(`dockerd did not answer within 60 s\n${log}`);
}

/** The Debian root fs, made once and kept in the cache folder: debootstrap takes minutes, the tarball seconds. */
async function ensureRootfs() {
  if (existsSync(rootfsTar)) return say(`root fs from the cache: ${rootfsTar}`);
  mkdirSync(cacheDir, { recursive: true });
  const dir = path.join(cacheDir, "rootfs.partial");
  rmSync(dir, { recursive: true, force: true });
  await sh("debootstrap", ["--variant=minbase", "bookworm", dir, "http://deb.debian.org/debian"], { quiet: true });
  await sh("tar", ["-C", dir, "-cf", `${rootfsTar}.partial`, "."]);
  await sh("mv", [`${rootfsTar}.partial`, rootfsTar]);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The BASE_IMAGE: the root fs plus this machine's node and npm. Debian bookworm's own nodejs is 18, below Next 16's
 * floor (20.9); the host's node binary needs only libc, libstdc++ and libgcc, which minbase has.
 */
async function buildBase() {
  await docker(["import", rootfsTar, debianTag], { quiet: true });
  const ctx = path.join(work, "base");
  mkdirSync(ctx, { recursive: true });
  copyFileSync(process.execPath, path.join(ctx, "node"));
  const npmDir = path.resolve(path.dirname(process.execPath), "../lib/node_modules/npm");
  if (!existsSync(npmDir)) throw new Error(`npm not found at ${npmDir} (beside ${process.execPath})`);
  cpSync(npmDir, path.join(ctx, "npm"), { recursive: true });
  // This machine's trust store: where the registry is reached through a TLS-inspecting proxy, its CA is in here.
  const caFile = [process.env.NODE_EXTRA_CA_CERTS, "/etc/ssl/certs/ca-certificates.crt"].find((f) => f && existsSync(f));
  if (caFile) copyFileSync(caFile, path.join(ctx, "ca-certificates.crt"));
  writeFileSync(path.join(ctx, "Dockerfile"), [
    `FROM ${debianTag}`,
    "COPY node /usr/bin/node",
    "COPY npm /usr/lib/node_modules/npm",
    ...(caFile ? ["COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt", "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt"] : []),
    "RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/bin/npx && node -v && npm -v",
    "",
  ].join("\n"));
  await docker(["build", "--network", "host", "-t", baseTag, ctx], { quiet: true });
}

async function freePort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

async function waitUntil(what, check, timeoutMs, describe = async () => "") {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds(timeoutMs)}\n${await describe()}`);
    await sleep(250);
  }
}

/** The target system for the task: a plain HTTP server on loopback, recording what arrives. */
async function startReceiver() {
  const arrived = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      arrived.push({ path: req.url, taskId: req.headers["x-bida-task-id"], body });
      res.end("ok");
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${server.address().port}/docker-check`, arrived };
}

async function resetStores() {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!/check|test/i.test(name) || !/^[\w-]+$/.test(name)) throw new Error(`Refusing to drop database "${name}": its name must contain "check" or "test".`);
  const { default: mysql } = await import("mysql2/promise");
  const server = new URL(databaseUrl);
  server.pathname = "/";
  const conn = await mysql.createConnection({ uri: server.toString(), connectTimeout: 5_000 });
  await conn.query(`DROP DATABASE IF EXISTS \`${name}\``).finally(() => conn.end());
  const { Redis } = await import("ioredis");
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${redisPrefix}:*`, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

async function main() {
  if (!isRoot()) throw new Error("npm run test:docker needs root (apt-get and dockerd).");
  await phase("install docker.io and debootstrap (apt-get, when missing)", ensurePackages);
  await phase("start dockerd", ensureDockerd);
  await phase("debootstrap a bookworm root fs (cached)", ensureRootfs);
  await phase("base image: docker import + this machine's node", buildBase);
  cleanups.push(() => docker(["rmi", "-f", baseTag, debianTag], { quiet: true }).catch(() => undefined));
  if (!keep) cleanups.push(() => docker(["rmi", "-f", imageTag], { quiet: true }).catch(() => undefined));
  await phase("docker build (npm ci, next build, prune)", () => docker(["build", "--network", "host", "--build-arg", `BASE_IMAGE=${baseTag}`, "-t", imageTag, repoRoot], { quiet: !process.env.DOCKER_CHECK_VERBOSE }));

  // Secrets reach the containers only at run time; the image must hold none.
  const inspect = JSON.parse(await docker(["image", "inspect", imageTag], { quiet: true }))[0];
  const baked = (inspect.Config.Env ?? []).filter((e) => /^(AUTH_SECRET|SECRETS_KEY|DATABASE_URL|ADMIN_PASSWORD)=/.test(e));
  if (baked.length) throw new Error(`the image has secrets or settings built in: ${baked.join(", ")}`);
  await docker(["run", "--rm", "--network", "none", imageTag, "sh", "-c", "test ! -e /app/.env && test \"$(id -u)\" != 0"], { quiet: true }).catch(() => {
    throw new Error("the image contains /app/.env, or runs as root");
  });

  await resetStores();
  const webPort = await freePort();
  const metricsPort = await freePort();
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    AUTH_SECRET: randomBytes(32).toString("base64"),
    SECRETS_KEY: randomBytes(32).toString("base64"),
    ADMIN_PASSWORD: randomBytes(12).toString("base64url"),
    PUBLIC_URL: `http://127.0.0.1:${webPort}`,
    // The target is this machine's loopback receiver, which the outbound policy refuses by default.
    OUTBOUND_ALLOW_LOOPBACK: "true",
  };
  // In a file only root reads, not on the command line: a failing docker command is printed with its arguments.
  const envFile = path.join(work, "bida.env");
  writeFileSync(envFile, Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join(""), { mode: 0o600 });
  const envArgs = ["--env-file", envFile];
  const run = (name, extra, command) => docker(["run", "-d", "--name", `${tag}-${name}`, "--network", "host", ...envArgs, ...extra, imageTag, ...command], { quiet: true });
  const logs = (name) => docker(["logs", "--tail", "60", `${tag}-${name}`], { quiet: true }).catch((err) => err.message);

  const migrated = await phase("migrate (node dist/prepare.mjs in the image)", () =>
    docker(["run", "--rm", "--network", "host", ...envArgs, imageTag, "node", "dist/prepare.mjs"], { quiet: true }));
  const apiKey = /Authorization: Bearer (\S+)/.exec(migrated)?.[1];
  if (!apiKey) throw new Error(`the migrate step printed no demo client key:\n${migrated}`);

  for (const name of ["web", "worker"]) cleanups.push(() => docker(["rm", "-f", `${tag}-${name}`], { quiet: true }).catch(() => undefined));
  await phase("start web and worker containers", async () => {
    // Host network: the web binds 127.0.0.1 (HOST), so nothing of it is reachable from other machines.
    await run("web", ["-e", `PORT=${webPort}`, "-e", "HOST=127.0.0.1"], []);
    await run("worker", ["-e", `WORKER_METRICS_PORT=${metricsPort}`], ["node", "dist/worker.mjs"]);
    await waitUntil("the web's /api/health answers 200 with a worker", async () => {
      const res = await fetch(`http://127.0.0.1:${webPort}/api/health`);
      const body = await res.json();
      return res.status === 200 && body.worker?.ok === true;
    }, 120_000, async () => `web:\n${await logs("web")}\nworker:\n${await logs("worker")}`);
    await waitUntil("the worker's /readyz answers 200", async () => (await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).status === 200, 60_000, () => logs("worker"));
  });

  const receiver = await startReceiver();
  await phase("submit a task to the web; the worker delivers it", async () => {
    const res = await fetch(`http://127.0.0.1:${webPort}/api/v1/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ url: receiver.url, method: "POST", params: { hello: "from the container check" } }),
    });
    const task = await res.json();
    if (res.status !== 201) throw new Error(`submit answered ${res.status}: ${JSON.stringify(task)}`);
    await waitUntil("the receiver gets the task's call", async () => receiver.arrived.some((r) => r.taskId === task.id), 60_000, () => logs("worker"));
    await waitUntil("the task is succeeded", async () => {
      const r = await fetch(`http://127.0.0.1:${webPort}/api/v1/tasks/${task.id}`, { headers: { authorization: `Bearer ${apiKey}` } });
      return (await r.json()).status === "succeeded";
    }, 30_000, () => logs("worker"));
    const call = receiver.arrived.find((r) => r.taskId === task.id);
    if (!call.body.includes("from the container check")) throw new Error(`the call arrived without the task's body: ${call.body}`);
  });

  await phase("docker stop: both exit 0 after SIGTERM", async () => {
    await docker(["stop", "-t", "45", `${tag}-web`, `${tag}-worker`], { quiet: true });
    for (const name of ["web", "worker"]) {
      const code = (await docker(["inspect", "-f", "{{.State.ExitCode}}", `${tag}-${name}`], { quiet: true })).trim();
      if (code !== "0") throw new Error(`${name} exited with ${code} after SIGTERM\n${await logs(name)}`);
    }
  });
}

let failed = false;
const stop = async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await resetStores().catch((err) => say(`could not drop the check's database / keys: ${err.message}`));
  rmSync(work, { recursive: true, force: true });
};
process.on("SIGINT", () => {
  say("interrupted; cleaning up");
  stop().finally(() => process.exit(130));
});
try {
  await main();
} catch (err) {
  failed = true;
  console.error(`\n[test:docker] FAILED: ${err.stack ?? err}`);
}
await stop();
say("timings:");
for (const [name, ms] of timings) say(`  ${seconds(ms).padStart(8)}  ${name}`);
say(`${failed ? "FAILED" : "passed"} in ${seconds(Date.now() - started)}`);
process.exit(failed ? 1 : 0);
