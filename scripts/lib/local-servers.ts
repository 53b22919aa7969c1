import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import path from "node:path";

// Starts or installs MariaDB and Redis on this machine, the way a Debian host without systemd needs.

export const isRoot = () => process.getuid?.() === 0;
export const canUseApt = () => isRoot() && existsSync("/etc/debian_version") && findExecutable("apt-get") !== null;

/** Looks on PATH and in the sbin folders, where Debian keeps server binaries. */
export function findExecutable(name: string): string | null {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/sbin", "/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

const sh = (command: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(command, args, { stdio: ["ignore", "inherit", "inherit"], env }).status === 0;

export const mysqlInstalled = () => ["mariadbd", "mysqld", "mysqld_safe"].some((n) => findExecutable(n) !== null);
export const redisInstalled = () => findExecutable("redis-server") !== null;

/** Starts the installed MySQL or MariaDB server in the background; false when it could not even be launched. */
export function startMysql(): boolean {
  // The server reads its data as the mysql user, so only root can start it.
  if (!isRoot()) return false;
  spawnSync("mkdir", ["-p", "/run/mysqld"]);
  spawnSync("chown", ["mysql:mysql", "/run/mysqld"]);
  const daemon = findExecutable("mariadbd") ?? findExecutable("mysqld");
  const ssd = findExecutable("start-stop-daemon");
  // Without --oknodo it fails when the server already runs: then it listens elsewhere, and waiting is useless.
  if (daemon && ssd) return sh(ssd, ["--start", "--quiet", "--background", "--exec", daemon]);
  const safe = findExecutable("mysqld_safe");
  if (!safe) return false;
  spawn(safe, ["--user=mysql"], { detached: true, stdio: "ignore" }).unref();
  return true;
}

/** Starts a Redis that keeps nothing on disk: the database is the source of truth, the sweeper refills queues. */
export function startRedis(port: number): boolean {
  const redis = findExecutable("redis-server");
  if (!redis) return false;
  const args = ["--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", String(port), "--save", "", "--appendonly", "no"];
  return sh(redis, args);
}

/** apt-get install, refreshing the package lists once if the first try fails. */
export function aptInstall(packages: string[]): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () => sh("apt-get", ["install", "-y", ...packages], env);
  if (install()) return true;
  return sh("apt-get", ["update"], env) && install();
}

/**
 * A fresh Debian MariaDB lets root in only through the unix socket; Bida's default URL connects over TCP as
 * root without a password. Only applied to a server this run installed, never to one holding someone's data.
 */
export function allowPasswordlessLocalRoot(): boolean {
  const client = findExecutable("mariadb") ?? findExecutable("mysql");
  if (!client) return false;
  const sql = "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket";
  return sh(client, ["-uroot", "-e", sql]);
}
