import type { Verdict } from "./types";

/**
 * DingTalk and WeCom answer `{"errcode":0,"errmsg":"ok"}`, Feishu `{"code":0,"msg":"success"}` (older bots:
 * `StatusCode`/`StatusMessage`) — with HTTP 200 even when they refuse. Anything but code 0 is a failure;
 * only the platform's rate-limit codes are worth retrying.
 */
export function judgeErrcode(body: string, rateLimitCodes: number[]): Verdict {
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return { ok: false, error: `the answer is not the platform's JSON: ${body.slice(0, 200)}`, retryable: false };
  }
  const code = answer.errcode ?? answer.code ?? answer.StatusCode;
  const message = answer.errmsg ?? answer.msg ?? answer.StatusMessage;
  if (code === 0 || code === "0") return { ok: true, error: null, retryable: false };
  const text = typeof message === "string" && message ? message : "no message";
  return {
    ok: false,
    error: `errcode ${code === undefined ? "missing" : String(code)}: ${text}`,
    retryable: typeof code === "number" && rateLimitCodes.includes(code),
  };
}
