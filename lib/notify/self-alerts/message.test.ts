import { describe, expect, it } from "vitest";
import { selfAlertMessage } from "./message";

const notice = { condition: "circuit:evil", state: "started" as const, headline: "Circuit open for host <!channel> [x](http://e) *b*", since: 0 };
const meta = { id: "a1", worker: "w#1", now: new Date(0) };

describe("self-alert messages", () => {
  it("escapes values for Slack, so a host name cannot ping the room", () => {
    const m = selfAlertMessage({ kind: "slack", format: "markdown" }, "bida.circuit", [notice], meta);
    expect(m.message.type).toBe("markdown");
    const text = (m.message as { text: string }).text;
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("&lt;!channel&gt;");
  });

  it("escapes markdown for DingTalk, WeCom and Feishu cards", () => {
    const m = selfAlertMessage({ kind: "dingtalk", format: "markdown" }, "bida.circuit", [notice], meta);
    const text = (m.message as { text: string }).text;
    expect(text).toContain("\\[x\\]\\(http://e\\)");
    expect(text).toMatch(/^#### /);
  });

  it("folds several notices of one check into one message", () => {
    const m = selfAlertMessage({ kind: "wecom", format: "text" }, "bida.circuit", [notice, { ...notice, condition: "circuit:b", state: "resolved", headline: "Resolved: b" }], meta);
    const text = (m.message as { text: string }).text;
    expect(text.split("\n")[0]).toBe("[Bida] 2 changes in host circuits: 1 started, 1 resolved");
    expect(text).toContain("• Resolved: b");
  });

  it("gives webhooks the notices as data", () => {
    const m = selfAlertMessage({ kind: "webhook", format: "text" }, "bida.lag", [{ ...notice, condition: "lag" }], meta);
    expect(m.payload).toMatchObject({ event: "bida.lag", worker: "w#1", notices: [{ condition: "lag", state: "started" }] });
  });
});
