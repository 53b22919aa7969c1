import { describe, expect, it } from "vitest";
import { buildRequest } from "./build-request";

type RequestTask = Parameters<typeof buildRequest>[0];

const task = (over: Partial<RequestTask>): RequestTask => ({
  id: "0190a0b0-0000-7000-8000-000000000001",
  url: "https://partner.example/hook",
  method: "POST",
  params: null,
  bodyType: "json",
  headers: null,
  ...over,
});

describe("buildRequest", () => {
  it("puts GET params in the query string, percent-encoded as UTF-8 (the kkbida fixture)", () => {
    const req = buildRequest(task({ url: "https://partner.example/weatherApi", method: "GET", params: { city: "上海" } }), 1);
    expect(req.url).toBe("https://partner.example/weatherApi?city=%E4%B8%8A%E6%B5%B7");
    expect(req.body).toBeUndefined();
    expect(req.headers["content-type"]).toBeUndefined();
  });

  it("keeps the URL's own query, repeats array keys, sends objects as JSON and skips null", () => {
    const req = buildRequest(
      task({
        url: "http://x.test/a?fixed=1#frag",
        method: "DELETE",
        params: { tag: ["a b", "c&d"], filter: { q: 1 }, none: null, nothing: undefined, flag: true, n: 0 },
      }),
      2,
    );
    expect(req.url).toBe(
      "http://x.test/a?fixed=1&tag=a%20b&tag=c%26d&filter=%7B%22q%22%3A1%7D&flag=true&n=0",
    );
    expect(new URL(req.url).searchParams.getAll("tag")).toEqual(["a b", "c&d"]);
  });

  it("leaves the URL alone when a GET has no params", () => {
    expect(buildRequest(task({ url: "http://x.test/p?a=1", method: "GET" }), 1).url).toBe("http://x.test/p?a=1");
  });

  it("sends POST params as a JSON body", () => {
    const req = buildRequest(task({ params: { order: 42, paid: true, items: [1, 2] } }), 1);
    expect(req.method).toBe("POST");
    expect(req.url).toBe("https://partner.example/hook");
    expect(req.body).toBe('{"order":42,"paid":true,"items":[1,2]}');
    expect(req.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("form-encodes PUT and PATCH bodies when asked", () => {
    for (const method of ["PUT", "PATCH"] as const) {
      const req = buildRequest(task({ method, bodyType: "form", params: { city: "上海", note: "a b+c", ids: [1, 2] } }), 1);
      expect(req.body).toBe("city=%E4%B8%8A%E6%B5%B7&note=a+b%2Bc&ids=1&ids=2");
      expect(Object.fromEntries(new URLSearchParams(req.body))).toMatchObject({ city: "上海", note: "a b+c" });
      expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded; charset=utf-8");
    }
  });

  it("sends no body when a POST has no params", () => {
    const req = buildRequest(task({ params: null }), 1);
    expect(req.body).toBeUndefined();
    expect(req.headers["content-type"]).toBeUndefined();
  });

  it("adds the task's headers, letting them override content-type and user-agent but not the x-bida ones", () => {
    const headers = { "Content-Type": "application/vnd.partner+json", "User-Agent": "Partner", "X-Bida-Attempt": "99", "X-Sign": "abc" };
    const req = buildRequest(task({ params: { a: 1 }, headers }), 3);
    expect(req.headers).toEqual({
      "content-type": "application/vnd.partner+json",
      "user-agent": "Partner",
      "x-sign": "abc",
      "x-bida-task-id": "0190a0b0-0000-7000-8000-000000000001",
      "x-bida-attempt": "3",
    });
  });

  it("always names itself and the attempt", () => {
    const req = buildRequest(task({}), 7);
    expect(req.headers).toEqual({
      "user-agent": "Bida/0.1",
      "x-bida-task-id": "0190a0b0-0000-7000-8000-000000000001",
      "x-bida-attempt": "7",
    });
  });
});
