import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ZOOKEEPER_CLASSPATH } from "./zookeeper";

const run = promisify(execFile);
const sources = path.resolve(import.meta.dirname, "../dubbo-consumer");
/** Caucho Hessian 2 from Debian's libhessian-java: the consumer's serialization is not Bida's code. */
const HESSIAN = "/usr/share/java/hessian.jar";

function javaFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? javaFiles(full) : name.endsWith(".java") ? [full] : [];
  });
}

/** Compiles test/integration/dubbo-consumer with javac; returns a runner of its main class. */
export async function compileConsumer() {
  const out = mkdtempSync(path.join(os.tmpdir(), "bida-dubbo-consumer-"));
  const cp = `${HESSIAN}:${ZOOKEEPER_CLASSPATH}`;
  await run("javac", ["-encoding", "UTF-8", "-cp", cp, "-d", out, ...javaFiles(sources)]);
  return async (args: string[]) => {
    // JDK 17 keeps java.lang's fields closed; Hessian sets a Throwable's message by reflection, as Dubbo users
    // on JDK 17 allow with this same flag.
    const res = await run("java", ["--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", `${out}:${cp}`, "DubboConsumer", ...args], { timeout: 120_000, maxBuffer: 10 * 1024 * 1024 }).catch(
      (err: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`the Java consumer failed: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
      },
    );
    return parseLines(res.stdout);
  };
}

/** "name rest…" lines as a multimap: name → the rests, in order. */
function parseLines(stdout: string) {
  const lines = new Map<string, string[]>();
  for (const line of stdout.split("\n")) {
    if (!line.trim()) continue;
    const space = line.indexOf(" ");
    const key = space === -1 ? line : line.slice(0, space);
    lines.set(key, [...(lines.get(key) ?? []), space === -1 ? "" : line.slice(space + 1)]);
  }
  return { stdout, one: (key: string) => lines.get(key)?.[0], all: (key: string) => lines.get(key) ?? [] };
}
