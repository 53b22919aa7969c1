import net from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { taskEventsChannel } from "@/lib/tasks/events";
import { changeOwnPassword } from "@/lib/users/change-password";
import { resetUserPassword, setUserDisabled, setUserRole } from "@/lib/users/update-user";
import { baseUrl } from "./support/api";
import { testDb } from "./support/db";
import { waitFor } from "./support/processes";
import { newUser, signIn, withCookie } from "./support/session";

// Sign-in lockout, the end of sessions, and the live stream's limits, against the suite's running web server.

const redis = new Redis(env.redis.url);
const clearLockout = async () => {
  const keys = await redis.keys(`${env.redis.prefix}:login:*`);
  if (keys.length > 0) await redis.del(...keys);
};
const fullwidth = (s: string) => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("");
// A route every signed-in user may read, answering 401 in the API's shape without a valid session.
const probe = "/api/console/channels";

beforeAll(clearLockout);
afterAll(async () => {
  await clearLockout();
  redis.disconnect();
});

describe("lockout counts the canonical name and the source address", () => {
  it("after five wrong passwords, look-alike spellings of the name stay locked, even with the right password", async () => {
    const user = await newUser("admin", "lock");
    expect((await signIn(user.username, user.password)).ok).toBe(true);
    const tries = [];
    for (let i = 0; i < 5; i++) tries.push(await signIn(i % 2 ? user.username.toUpperCase() : user.username, "wrong-password"));
    // Each wrong try says how many are left before the lock (the form warns before the last).
    expect(tries.slice(0, 4).map((t) => t.code)).toEqual(["invalid:4", "invalid:3", "invalid:2", "invalid:1"]);
    expect(tries[4]!.code).toMatch(/^locked:\d+$/);
    const spellings = [user.username, user.username.toUpperCase(), ` ${user.username} `, fullwidth(user.username), `${user.username.slice(0, 2)}\u200b${user.username.slice(2)}`, fullwidth(user.username).toUpperCase()];
    for (const spelling of spellings) {
      const res = await signIn(spelling, user.password);
      expect(res.ok, JSON.stringify(spelling)).toBe(false);
      expect(res.code, JSON.stringify(spelling)).toMatch(/^locked:\d+$/);
    }
    // Another account is not caught by the lock.
    const other = await newUser("viewer", "free");
    expect((await signIn(other.username, other.password)).ok).toBe(true);
  });

  it("an unknown name locks the same way (a lock tells nothing about which accounts exist)", async () => {
    const ghost = `ghost${Date.now()}`;
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await signIn(ghost, "whatever-password")).code);
    expect(codes[4]).toMatch(/^locked:\d+$/);
    expect((await signIn(fullwidth(ghost), "x")).code).toMatch(/^locked:\d+$/);
  });

  it("many names from one address lock the address; headers a client sends do not change the address", async () => {
    const user = await newUser("viewer", "ip");
    for (let i = 0; i < env.auth.loginMaxFailuresPerIp; i++) {
      // A guesser rotating names and forging where it comes from.
      await signIn(`spray${i}x${Date.now()}`, "wrong-password", { "x-bida-caller": `10.1.${i}.1`, "x-bida-peer": `10.3.${i}.1`, "x-forwarded-for": `10.2.${i}.1` });
    }
    const res = await signIn(user.username, user.password);
    expect(res.ok).toBe(false);
    expect(res.code).toMatch(/^locked:\d+$/);
    await clearLockout();
    expect((await signIn(user.username, user.password)).ok).toBe(true);
  }, 120_000);
});

describe("disabling, a role change or a password change ends the user's sessions", () => {
  beforeAll(clearLockout);
  const actor = { actorId: -1, actor: "user:harm-test" };

  for (const [what, change] of [
    ["disabling", (id: number) => setUserDisabled(testDb.db, { id, disabled: true, ...actor })],
    ["a role change", (id: number) => setUserRole(testDb.db, { id, role: "viewer", ...actor })],
    ["an admin's password reset", (id: number) => resetUserPassword(testDb.db, { id, ...actor })],
  ] as const) {
    it(`${what} ends every open session at once`, async () => {
      const user = await newUser("operator", "sess");
      const a = await signIn(user.username, user.password);
      const b = await signIn(user.username, user.password);
      expect((await withCookie(a.cookie, probe)).status).toBe(200);
      expect((await withCookie(b.cookie, probe)).status).toBe(200);
      await change(user.id);
      for (const s of [a, b]) {
        const res = await withCookie(s.cookie, probe);
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
      }
      if (what === "disabling") {
        // Enabling again does not bring the old sessions back.
        await setUserDisabled(testDb.db, { id: user.id, disabled: false, ...actor });
        expect((await withCookie(a.cookie, probe)).status).toBe(401);
        expect((await signIn(user.username, user.password)).ok).toBe(true);
      }
    });
  }

  it("the user's own password change ends their other sessions", async () => {
    const user = await newUser("viewer", "own");
    const other = await signIn(user.username, user.password);
    expect((await withCookie(other.cookie, probe)).status).toBe(200);
    await changeOwnPassword(testDb.db, { userId: user.id, currentPassword: user.password, newPassword: `${user.password}-new` });
    expect((await withCookie(other.cookie, probe)).status).toBe(401);
    expect((await signIn(user.username, `${user.password}-new`)).ok).toBe(true);
  });

  it("the post-login callbackUrl cannot lead off-site", async () => {
    const user = await newUser("viewer", "cb");
    const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    for (const callbackUrl of ["https://evil.example/", "//evil.example/x", "/\\evil.example"]) {
      const res = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, username: user.username, password: user.password, callbackUrl }),
      });
      // Auth.js names its own base (localhost or 127.0.0.1, STACK.md); never the callback's host.
      const location = new URL(res.headers.get("location") ?? "/", baseUrl());
      expect(location.hostname, callbackUrl).not.toContain("evil");
      expect(location.port, callbackUrl).toBe(new URL(baseUrl()).port);
    }
  });
});

describe("live streams are bounded", () => {
  beforeAll(clearLockout);

  /** An event stream read through a raw socket, so the test decides when (and whether) it reads. */
  function openStream(cookie: string) {
    const { hostname, port } = new URL(baseUrl());
    const socket = net.connect(Number(port), hostname);
    socket.write(`GET /api/events HTTP/1.1\r\nHost: ${hostname}:${port}\r\nCookie: ${cookie}\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n`);
    let received = "";
    let ended = false;
    socket.on("data", (b: Buffer) => {
      received += b.toString("latin1");
      if (received.length > 200_000) received = received.slice(-100_000);
    });
    socket.on("close", () => (ended = true));
    socket.on("error", () => (ended = true));
    return { socket, received: () => received, ended: () => ended };
  }

  it("a user gets a capped number of streams; the next is 429", async () => {
    const user = await newUser("viewer", "sse");
    const { cookie } = await signIn(user.username, user.password);
    const streams = Array.from({ length: env.web.eventStreamsPerUser }, () => openStream(cookie));
    try {
      await waitFor(() => streams.every((s) => s.received().includes(": connected")), 20_000);
      const extra = await withCookie(cookie, "/api/events");
      expect(extra.status).toBe(429);
      expect(await extra.json()).toMatchObject({ error: { code: "rate_limited" } });
      // Another user is not affected.
      const other = await newUser("viewer", "sse2");
      const s = openStream((await signIn(other.username, other.password)).cookie);
      await waitFor(() => s.received().includes(": connected"), 20_000);
      s.socket.destroy();
    } finally {
      for (const s of streams) s.socket.destroy();
    }
    // Closed streams free their places.
    await waitFor(async () => {
      const res = await withCookie(cookie, "/api/events");
      await res.body?.cancel();
      return res.status === 200;
    }, 20_000);
  });

  it("a reader that stops reading has its stream ended instead of buffered; a reader that reads keeps it", async () => {
    const user = await newUser("viewer", "slow");
    const { cookie } = await signIn(user.username, user.password);
    const slow = openStream(cookie);
    const fast = openStream(cookie);
    try {
      await waitFor(() => slow.received().includes(": connected") && fast.received().includes(": connected"), 20_000);
      slow.socket.pause();
      // About 40 MB of events: far past the stream's buffer and the sockets' own.
      const event = JSON.stringify([{ id: "x".repeat(36), status: "queued", attempts: 0, at: Date.now(), pad: "p".repeat(20_000) }]);
      for (let i = 0; i < 2_000; i++) {
        await redis.publish(taskEventsChannel(), event);
        if (i % 100 === 99) await new Promise((r) => setTimeout(r, 20));
      }
      await redis.publish(taskEventsChannel(), JSON.stringify([{ id: "last-event", status: "queued", attempts: 0, at: Date.now() }]));
      await waitFor(() => fast.received().includes("last-event"), 60_000);
      expect(fast.ended()).toBe(false);
      // Now read what the slow one was sent: it ends, having been cut off.
      slow.socket.resume();
      await waitFor(() => slow.ended(), 60_000);
      expect(slow.received()).not.toContain("last-event");
    } finally {
      slow.socket.destroy();
      fast.socket.destroy();
    }
  }, 150_000);

  it("an open stream ends when its user is disabled", async () => {
    const user = await newUser("viewer", "sseoff");
    const { cookie } = await signIn(user.username, user.password);
    const s = openStream(cookie);
    try {
      await waitFor(() => s.received().includes(": connected"), 20_000);
      await setUserDisabled(testDb.db, { id: user.id, disabled: true, actorId: -1, actor: "user:harm-test" });
      // The stream checks at its next heartbeat (15 s).
      await waitFor(() => s.ended(), 60_000);
    } finally {
      s.socket.destroy();
    }
  }, 90_000);
});
