import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChannelKind } from "../db/schema/alert-channels";

// Used by tests only (unit, integration and e2e): a local HTTP server per platform that checks what DingTalk,
// WeCom, Feishu, Slack or a Standard Webhooks receiver would check — the body's shape and the signature,
// computed here from each platform's documentation, independently of lib/notify/sign.ts — and answers the
// way the platform answers.

export interface FakeMessage {
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  raw: string;
  at: number;
}

export interface FakePlatformOptions {
  /** The URL token (access_token, key, hook id, Slack path secret); defaults to a fixed test token. */
  token?: string;
  /** A signing secret the platform checks (DingTalk, Feishu, webhook). */
  secret?: string;
  /** Answers HTTP 503 to this many requests first: a channel that is down, then recovers. */
  failFirst?: number;
}

export interface FakePlatform {
  kind: ChannelKind;
  /** The channel URL to configure, token included. */
  url: string;
  /** Messages the platform accepted. */
  accepted: FakeMessage[];
  /** Requests refused, with the reason the platform gave. */
  refused: { reason: string; raw: string }[];
  requests: number;
  close(): Promise<void>;
}

type Verdict = { ok: true; body: unknown } | { ok: false; status: number; answer: string; reason: string };
type Check = (url: URL, headers: IncomingHttpHeaders, raw: string) => Verdict;

const hmacBase64 = (key: string | Buffer, message: string) => createHmac("sha256", key).update(message).digest("base64");
const within = (tsMs: number, toleranceMs: number) => Number.isFinite(tsMs) && Math.abs(Date.now() - tsMs) <= toleranceMs;
const json = (value: unknown) => JSON.stringify(value);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON that the checks walk field by field, testing each field's type as the platforms do
type Json = Record<string, any>;

function parseJson(raw: string): Json | null {
  try {
    const v = JSON.parse(raw);
    return v && typeof v === "object" ? v : null;
  } catch {
    return null;
  }
}

const dingtalk = (token: string, secret?: string): Check => (url, _h, raw) => {
  const refuse = (errcode: number, errmsg: string): Verdict => ({ ok: false, status: 200, answer: json({ errcode, errmsg }), reason: errmsg });
  if (url.searchParams.get("access_token") !== token) return refuse(300001, "token is not exist");
  if (secret) {
    // Documented: sign = urlEncode(base64(HmacSHA256(key=secret, timestamp + "\n" + secret))), timestamp in ms within 1 h.
    const timestamp = url.searchParams.get("timestamp") ?? "";
    const expected = hmacBase64(secret, `${timestamp}\n${secret}`);
    if (!within(Number(timestamp), 3_600_000)) return refuse(310000, "sign not match, more: timestamp invalid");
    if (url.searchParams.get("sign") !== expected) return refuse(310000, "sign not match, more: sign invalid");
  }
  const body = parseJson(raw);
  const ok =
    (body?.msgtype === "text" && typeof body.text?.content === "string") ||
    (body?.msgtype === "markdown" && typeof body.markdown?.title === "string" && typeof body.markdown?.text === "string");
  return ok ? { ok: true, body } : refuse(40035, "缺少参数 json");
};

const wecom = (token: string): Check => (url, _h, raw) => {
  const refuse = (errcode: number, errmsg: string): Verdict => ({ ok: false, status: 200, answer: json({ errcode, errmsg }), reason: errmsg });
  if (url.searchParams.get("key") !== token) return refuse(93000, "invalid webhook url, hint: [test]");
  const body = parseJson(raw);
  if (body?.msgtype === "text" && typeof body.text?.content === "string") {
    return Buffer.byteLength(body.text.content) <= 2048 ? { ok: true, body } : refuse(40058, "content exceed max length 2048");
  }
  if (body?.msgtype === "markdown" && typeof body.markdown?.content === "string") {
    return Buffer.byteLength(body.markdown.content) <= 4096 ? { ok: true, body } : refuse(40058, "markdown.content exceed max length 4096");
  }
  return refuse(40008, "invalid message type");
};

const feishu = (token: string, secret?: string): Check => (url, _h, raw) => {
  const refuse = (code: number, msg: string): Verdict => ({ ok: false, status: 200, answer: json({ code, msg, data: {} }), reason: msg });
  if (url.pathname !== `/open-apis/bot/v2/hook/${token}`) return refuse(19001, "param invalid: incoming webhook access token invalid");
  const body = parseJson(raw);
  if (!body) return refuse(9499, "Bad Request");
  if (secret) {
    // Documented: sign = base64(HmacSHA256(key = timestamp + "\n" + secret, message = "")), timestamp in seconds.
    const timestamp = String(body.timestamp ?? "");
    const expected = hmacBase64(`${timestamp}\n${secret}`, "");
    if (!within(Number(timestamp) * 1000, 3_600_000) || body.sign !== expected) {
      return refuse(19021, "sign match fail or timestamp is not within one hour from current time");
    }
  }
  const ok =
    (body.msg_type === "text" && typeof body.content?.text === "string") ||
    (body.msg_type === "interactive" && Array.isArray(body.card?.elements));
  return ok ? { ok: true, body } : refuse(19002, "params error, msg_type need");
};

const slack = (token: string): Check => (url, _h, raw) => {
  if (url.pathname !== `/services/T0000/B0000/${token}`) return { ok: false, status: 404, answer: "no_service", reason: "no_service" };
  const body = parseJson(raw);
  if (!body) return { ok: false, status: 400, answer: "invalid_payload", reason: "invalid_payload" };
  const blocksOk = body.blocks === undefined || (Array.isArray(body.blocks) && body.blocks.every((b: Json) => b.type === "section" && b.text?.type === "mrkdwn"));
  if (typeof body.text !== "string" || !body.text || !blocksOk) return { ok: false, status: 400, answer: "no_text", reason: "no_text" };
  return { ok: true, body };
};

const webhook = (token: string, secret?: string): Check => (url, headers, raw) => {
  const refuse = (status: number, reason: string): Verdict => ({ ok: false, status, answer: json({ error: reason }), reason });
  if (url.pathname !== `/hooks/${token}`) return refuse(404, "unknown hook");
  const id = String(headers["webhook-id"] ?? "");
  const timestamp = String(headers["webhook-timestamp"] ?? "");
  if (!id || !within(Number(timestamp) * 1000, 5 * 60_000)) return refuse(400, "missing or stale webhook-id/webhook-timestamp");
  if (secret) {
    // Standard Webhooks: key = base64-decoded part after whsec_; signature = base64(HMAC-SHA256(key, id.timestamp.body)).
    const key = secret.startsWith("whsec_") ? Buffer.from(secret.slice(6), "base64") : Buffer.from(secret);
    const expected = Buffer.from(hmacBase64(key, `${id}.${timestamp}.${raw}`));
    const given = String(headers["webhook-signature"] ?? "")
      .split(" ")
      .filter((s) => s.startsWith("v1,"))
      .map((s) => Buffer.from(s.slice(3)));
    if (!given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return refuse(401, "bad signature");
  }
  const body = parseJson(raw);
  const shapes: Record<string, (b: Json) => boolean> = {
    "alerts.folded": (b) => typeof b.count === "number",
    // Bida's alerts about itself (lib/notify/self-alerts/message.ts).
    self: (b) => Array.isArray(b.notices) && b.notices.every((n: Json) => typeof n.condition === "string" && (n.state === "started" || n.state === "resolved")),
    task: (b) => "task" in b && "lastAttempt" in b,
  };
  const shape = !body || typeof body.event !== "string" ? null : body.event === "alerts.folded" ? "alerts.folded" : body.event.startsWith("bida.") ? "self" : "task";
  const ok = shape !== null && shapes[shape]!(body!);
  return ok ? { ok: true, body } : refuse(422, "unexpected payload");
};

const paths: Record<ChannelKind, (token: string) => string> = {
  dingtalk: (t) => `/robot/send?access_token=${t}`,
  wecom: (t) => `/cgi-bin/webhook/send?key=${t}`,
  feishu: (t) => `/open-apis/bot/v2/hook/${t}`,
  slack: (t) => `/services/T0000/B0000/${t}`,
  webhook: (t) => `/hooks/${t}`,
};

const successAnswers: Record<ChannelKind, [number, string]> = {
  dingtalk: [200, json({ errcode: 0, errmsg: "ok" })],
  wecom: [200, json({ errcode: 0, errmsg: "ok" })],
  feishu: [200, json({ StatusCode: 0, StatusMessage: "success", code: 0, data: {}, msg: "success" })],
  slack: [200, "ok"],
  webhook: [204, ""],
};

export async function startFakePlatform(kind: ChannelKind, opts: FakePlatformOptions = {}): Promise<FakePlatform> {
  const token = opts.token ?? "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  const check: Check = { dingtalk, wecom, feishu, slack, webhook }[kind](token, opts.secret);
  let failuresLeft = opts.failFirst ?? 0;
  const fake = { kind, url: "", accepted: [] as FakeMessage[], refused: [] as FakePlatform["refused"], requests: 0 };
  const send = (res: ServerResponse, status: number, body: string) =>
    res.writeHead(status, { "content-type": body.startsWith("{") ? "application/json" : "text/plain" }).end(body);

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      fake.requests++;
      const raw = Buffer.concat(chunks).toString("utf8");
      if (failuresLeft > 0) {
        failuresLeft--;
        return send(res, 503, "service unavailable");
      }
      const url = new URL(req.url ?? "/", "http://fake");
      const verdict = req.method === "POST" ? check(url, req.headers, raw) : ({ ok: false, status: 405, answer: "POST only", reason: "method" } as const);
      if (!verdict.ok) {
        fake.refused.push({ reason: verdict.reason, raw });
        return send(res, verdict.status, verdict.answer);
      }
      fake.accepted.push({ url: req.url ?? "", headers: req.headers, body: verdict.body, raw, at: Date.now() });
      send(res, ...successAnswers[kind]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}${paths[kind](token)}`;
  return {
    ...fake,
    get accepted() {
      return fake.accepted;
    },
    get refused() {
      return fake.refused;
    },
    get requests() {
      return fake.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The text a chat message carries, whatever the platform's envelope. */
export function messageText(kind: ChannelKind, message: unknown): string {
  const body = message as Json;
  switch (kind) {
    case "dingtalk":
      return body.msgtype === "text" ? body.text.content : body.markdown.text;
    case "wecom":
      return body.msgtype === "text" ? body.text.content : body.markdown.content;
    case "feishu":
      return body.msg_type === "text" ? body.content.text : body.card.elements[0].content;
    case "slack":
      return body.blocks ? body.blocks[0].text.text : body.text;
    case "webhook":
      return JSON.stringify(body);
  }
}
