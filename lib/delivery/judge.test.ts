import { describe, expect, it } from "vitest";
import type { CallResult } from "./call-target";
import { judge, valueAt } from "./judge";

const answer = (over: Partial<CallResult>): CallResult => ({
  startedAt: new Date(),
  durationMs: 5,
  statusCode: 200,
  headers: {},
  body: "",
  truncated: false,
  error: null,
  failure: null,
  ...over,
});

const pass = { ok: true, error: null };

describe("judge", () => {
  it("passes any 2xx by default and names any other status", () => {
    expect(judge(null, answer({ statusCode: 204 }))).toEqual(pass);
    expect(judge({}, answer({ statusCode: 299 }))).toEqual(pass);
    expect(judge(null, answer({ statusCode: 503 }))).toEqual({ ok: false, error: "HTTP 503" });
    expect(judge(null, answer({ statusCode: 404 }))).toEqual({ ok: false, error: "HTTP 404" });
    expect(judge({ bodyContains: "x" }, answer({ statusCode: 199, body: "x" }))).toEqual({ ok: false, error: "HTTP 199" });
  });

  it("says where a redirect pointed", () => {
    const result = answer({ statusCode: 302, headers: { location: "https://x" } });
    expect(judge(null, result)).toEqual({ ok: false, error: "HTTP 302 redirect to https://x (redirects are not followed)" });
    expect(judge({ status: [302] }, result)).toEqual(pass);
  });

  it("checks an explicit list of statuses", () => {
    expect(judge({ status: [200, 202] }, answer({ statusCode: 202 }))).toEqual(pass);
    expect(judge({ status: [200, 202] }, answer({ statusCode: 201 }))).toEqual({ ok: false, error: "HTTP 201, expected 200 or 202" });
    expect(judge({ status: [409] }, answer({ statusCode: 409 }))).toEqual(pass);
    expect(judge({ status: "2xx" }, answer({ statusCode: 409 }))).toEqual({ ok: false, error: "HTTP 409" });
  });

  it("fails a transport error with that error", () => {
    expect(judge(null, answer({ statusCode: null, error: "timed out after 500 ms" }))).toEqual({ ok: false, error: "timed out after 500 ms" });
    // An answer that broke off mid-body is not a delivery, whatever its status said.
    const broken = answer({ statusCode: 200, body: "成功", error: "timed out after 500 ms while reading the answer" });
    expect(judge({ bodyContains: "成功" }, broken).ok).toBe(false);
  });

  it("checks bodyContains (kkbida's expectResult)", () => {
    expect(judge({ bodyContains: "成功" }, answer({ body: '{"msg":"成功"}' }))).toEqual(pass);
    expect(judge({ bodyContains: "成功" }, answer({ body: "失败" }))).toEqual({ ok: false, error: 'body does not contain "成功"' });
    expect(judge({ bodyContains: "ok" }, answer({ body: "aaa", truncated: true })).error).toBe(
      'body does not contain "ok" (only the start of a longer answer was read)',
    );
  });

  it("checks bodyEquals after trimming surrounding whitespace", () => {
    expect(judge({ bodyEquals: "success" }, answer({ body: "success\n" }))).toEqual(pass);
    expect(judge({ bodyEquals: " success " }, answer({ body: "success" }))).toEqual(pass);
    expect(judge({ bodyEquals: "success" }, answer({ body: "Success" }))).toEqual({
      ok: false,
      error: 'body does not equal "success": got "Success"',
    });
    expect(judge({ bodyEquals: "success" }, answer({ body: "success", truncated: true })).ok).toBe(false);
  });

  it("checks a JSON field with deep equality", () => {
    const body = JSON.stringify({ data: { code: 0, tags: ["a", "b"], items: [{ id: 7 }] } });
    expect(judge({ json: { path: "data.code", equals: 0 } }, answer({ body }))).toEqual(pass);
    expect(judge({ json: { path: "data.tags", equals: ["a", "b"] } }, answer({ body }))).toEqual(pass);
    expect(judge({ json: { path: "data.items.0.id", equals: 7 } }, answer({ body }))).toEqual(pass);
    expect(judge({ json: { path: "data.items[0]", equals: { id: 7 } } }, answer({ body }))).toEqual(pass);
    expect(judge({ json: { path: "data.code", equals: 1 } }, answer({ body }))).toEqual({ ok: false, error: "data.code is 0, expected 1" });
    expect(judge({ json: { path: "data.code", equals: "0" } }, answer({ body })).error).toBe('data.code is 0, expected "0"');
    expect(judge({ json: { path: "data.tags", equals: ["b", "a"] } }, answer({ body })).ok).toBe(false);
    expect(judge({ json: { path: "data.missing", equals: 0 } }, answer({ body })).error).toBe("data.missing is missing, expected 0");
  });

  it("fails the JSON rule on an answer that is not JSON", () => {
    expect(judge({ json: { path: "code", equals: 0 } }, answer({ body: "<html>" }))).toEqual({ ok: false, error: "answer is not JSON" });
    expect(judge({ json: { path: "code", equals: 0 } }, answer({ body: '{"code":0,', truncated: true })).error).toBe(
      "answer is not JSON (only the start of a longer answer was read)",
    );
  });

  it("requires every rule given", () => {
    const expectAll = { status: [200], bodyContains: "ok", json: { path: "code", equals: 0 } };
    expect(judge(expectAll, answer({ body: '{"code":0,"msg":"ok"}' }))).toEqual(pass);
    expect(judge(expectAll, answer({ body: '{"code":1,"msg":"ok"}' })).error).toBe("code is 1, expected 0");
    expect(judge(expectAll, answer({ body: '{"code":0,"msg":"no"}' })).error).toBe('body does not contain "ok"');
    expect(judge(expectAll, answer({ statusCode: 201, body: '{"code":0,"msg":"ok"}' })).error).toBe("HTTP 201, expected 200");
  });
});

describe("valueAt", () => {
  it("never resolves inherited properties", () => {
    expect(valueAt({}, "constructor").present).toBe(false);
    expect(valueAt({ a: 1 }, "a.toString").present).toBe(false);
    expect(valueAt({ a: null }, "a")).toEqual({ present: true, value: null });
    expect(valueAt({ a: null }, "a.b").present).toBe(false);
  });
});
