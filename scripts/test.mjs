// npm test: prepare a fresh test database, then typecheck, unit, build, integration and e2e, in that order.
// Stops at the first failing step; the last line is "N passed, N failed" (steps), for CI tooling.
// `npm test -- <step> …` runs only those steps (after dependencies and prepare).
// Plain Node without dependencies: on a fresh clone node_modules does not exist yet.
import { existsSync } from "node:fs";
import path from "node:path";
import { ensureDependencies } from "./lib/install-deps.mjs";
import { ensureBuild } from "./lib/next-build.mjs";
import { bin, isRoot, repoRoot, run } from "./lib/run.mjs";

process.chdir(repoRoot);

// The test run's own database, Redis database and key prefix, so it never touches the data `npm start` serves.
// The integration suite FLUSHDBs its Redis database (lost queues must be recovered), hence not database 0.
const testRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/1";
const testEnv = {
  ...process.env,
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? "mysql://root@127.0.0.1:3306/bida_test",
  REDIS_URL: testRedisUrl,
  TEST_REDIS_URL: testRedisUrl,
  REDIS_PREFIX: "bida-test",
  // The suite runs on the standalone Redis above even where .env names a cluster; redis-cluster.test.ts starts
  // a cluster of its own.
  REDIS_CLUSTER_NODES: "",
  NODE_ENV: "test",
  AUTH_SECRET: "bida-test-secret-not-for-production-0123456789",
  // A known first password for the seeded admin (a bare start prints a random one-time password instead).
  ADMIN_PASSWORD: "admin",
  AUTH_TRUST_HOST: "true",
  NEXT_TELEMETRY_DISABLED: "1",
  // Tests send traffic to receivers on 127.0.0.1, which the outbound policy denies by default.
  OUTBOUND_ALLOW_LOOPBACK: "true",
  PATH: `${path.join(repoRoot, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
};

const steps = [
  { name: "dependencies", run: async () => ((await ensureDependencies()) ? 0 : 1) },
  { name: "prepare", run: () => run(bin("tsx"), ["scripts/prepare.ts", "--reset"], { env: testEnv }) },
  { name: "typecheck", run: () => run(bin("tsc"), ["--noEmit"], { env: testEnv }) },
  { name: "lint", run: () => run(bin("eslint"), ["."], { env: testEnv }) },
  { name: "unit", run: () => run(bin("vitest"), ["run", "--config", "vitest.config.mts"], { env: testEnv }) },
  // Integration and e2e tests run the built app and dist/ (server and worker as `npm start` runs them).
  { name: "build", run: () => ensureBuild(testEnv) },
  {
    name: "integration",
    run: async () =>
      (await ensureRedisTools()) && (await ensureDubboTools()) ? run(bin("vitest"), ["run", "--config", "vitest.integration.config.mts"], { env: testEnv }) : 1,
  },
  { name: "e2e", run: async () => ((await ensureChromium()) ? run(bin("playwright"), ["test"], { env: testEnv }) : 1) },
];

/**
 * Playwright drives Debian's chromium: its own browser download does not work on closed networks. A CJK font
 * (fonts-wqy-microhei, 5 MB) makes the zh-CN screenshots of e2e/i18n.spec.ts readable instead of boxes; the
 * console itself loads no font (it uses the viewer's system fonts).
 */
const browserPackages = [
  ["/usr/bin/chromium", "chromium"],
  ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "fonts-wqy-microhei"],
];
async function ensureChromium() {
  const missing = browserPackages.filter(([file]) => !existsSync(file)).map(([, pkg]) => pkg);
  if (missing.length === 0) return true;
  if (!isRoot() && !missing.includes("chromium")) {
    console.warn(`Without ${missing.join(", ")} the zh-CN screenshots show boxes: sudo apt-get install -y ${missing.join(" ")}`);
    return true;
  }
  return aptInstall(missing, "The e2e tests need a browser and a CJK font");
}

/**
 * redis-cluster.test.ts starts a Redis Cluster of its own: redis-server and redis-cli (Debian's redis-tools). The
 * standalone Redis the suite uses may run elsewhere, so the binaries can be missing even when it answers.
 */
async function ensureRedisTools() {
  const binary = (name) => (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, name)));
  if (binary("redis-server") && binary("redis-cli")) return true;
  return aptInstall(["redis-server", "redis-tools"], "The Redis Cluster test needs redis-server and redis-cli");
}

async function aptInstall(packages, why) {
  const list = packages.join(" ");
  if (!isRoot()) {
    console.error(`${why}: install ${packages.length > 1 ? "them" : "it"} with  sudo apt-get install -y ${list}`);
    return false;
  }
  console.log(`Installing ${list} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if ((await run("apt-get", ["install", "-y", ...packages], { env })) === 0) return true;
  return (await run("apt-get", ["update"], { env })) === 0 && (await run("apt-get", ["install", "-y", ...packages], { env })) === 0;
}

/**
 * The Dubbo test's other side (test/integration/dubbo.test.ts): a Java consumer compiled with javac against
 * Caucho Hessian 2 (libhessian-java), and a real ZooKeeper (zookeeper), all from Debian.
 */
async function ensureDubboTools() {
  const needed = [
    { file: "/usr/bin/javac", pkg: "default-jdk-headless" },
    { file: "/usr/share/java/hessian.jar", pkg: "libhessian-java" },
    { file: "/usr/share/java/zookeeper.jar", pkg: "zookeeper" },
  ].filter((n) => !existsSync(n.file));
  if (needed.length === 0) return true;
  return aptInstall(needed.map((n) => n.pkg), "The Dubbo integration test needs a JDK, libhessian-java and zookeeper");
}

// `npm test -- e2e` runs only the named steps (after dependencies and prepare), for working on one of them.
const only = process.argv.slice(2);
const unknown = only.filter((name) => !steps.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(`Unknown step ${unknown.join(", ")}; steps: ${steps.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
// Integration and e2e need a current build: they bring the build step along.
const needsBuild = only.some((name) => name === "integration" || name === "e2e") ? ["build"] : [];
const chosen = only.length === 0 ? steps : steps.filter((s) => ["dependencies", "prepare", ...needsBuild, ...only].includes(s.name));

const results = [];
for (const step of chosen) {
  console.log(`\n▶ ${step.name}`);
  const started = performance.now();
  const code = await step.run();
  results.push({ name: step.name, outcome: code === 0 ? "passed" : "failed", ms: performance.now() - started });
  if (code !== 0) break;
}

const notRun = chosen.slice(results.length).map((s) => ({ name: s.name, outcome: "not run", ms: 0 }));
console.log("\nSummary");
for (const r of [...results, ...notRun]) {
  const time = r.ms > 0 ? `${(r.ms / 1000).toFixed(1)} s` : "";
  console.log(`  ${r.name.padEnd(12)} ${r.outcome.padEnd(8)} ${time}`);
}
const passed = results.filter((r) => r.outcome === "passed").length;
const failed = results.filter((r) => r.outcome === "failed").length;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
