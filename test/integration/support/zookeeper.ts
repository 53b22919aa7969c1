import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { keepOutput, waitFor } from "./processes";

/** Debian's zookeeper package: its jar names its dependencies in its manifest; slf4j-nop keeps it quiet. */
export const ZOOKEEPER_CLASSPATH = "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar";

/**
 * A real ZooKeeper (standalone, Debian's package) on 127.0.0.1:`port` with a data folder of its own; stop()
 * ends it by its pid and removes the folder.
 */
export async function startZooKeeper(port: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bida-zk-"));
  const cfg = path.join(dir, "zoo.cfg");
  writeFileSync(cfg, [`tickTime=500`, `dataDir=${dir}/data`, `clientPort=${port}`, `clientPortAddress=127.0.0.1`, `admin.enableServer=false`, `maxSessionTimeout=60000`].join("\n"));
  const child = spawn("java", ["-cp", ZOOKEEPER_CLASSPATH, "org.apache.zookeeper.server.ZooKeeperServerMain", cfg], { stdio: ["ignore", "pipe", "pipe"] });
  const output = keepOutput(child);
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        if (child.exitCode !== null) throw new Error(`ZooKeeper exited with ${child.exitCode}\n${output()}`);
        const s = net.connect(port, "127.0.0.1", () => {
          s.destroy();
          resolve(true);
        });
        s.on("error", () => resolve(false));
      }),
    30_000,
    output,
  );
  return {
    port,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
