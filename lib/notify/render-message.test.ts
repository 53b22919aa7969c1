import { describe, expect, it } from "vitest";
import { drivers } from "./channels";
import { escapeMarkdown, escapeSlack, truncateBytes } from "./escape";
import { placeholderValues, formatTime } from "./placeholders";
import { checkTemplate, renderMessage } from "./render-message";
import { sampleAttempt, sampleTask } from "./sample-task";

const nastyUrl = 'https://api.example.com/cb?q="x"&y=\\1\n\r\t\u0001 end';
const task = { ...sampleTask(), url: nastyUrl, sourceApp: null, lastError: 'refused: "no"\nbye' };
const values = placeholderValues("task.exhausted", task, { ...sampleAttempt(), error: task.lastError });

describe("placeholders", () => {
  it("fills every kkbida placeholder and Bida's own with current values", () => {
    const template = "${taskId}|${url}|${createTime}|${lastModifiedDate}|${sourceAppName}|${targetAppName}|${callCount}|${limitCallCount}|${lastStatus}|${lastError}|${consoleLink}";
    const msg = renderMessage({ kind: "dingtalk", format: "text", template }, values);
    expect(msg).toEqual({
      type: "text",
      text: [
        task.id,
        nastyUrl,
        formatTime(task.createdAt),
        formatTime(task.updatedAt),
        "-",
        "orders",
        "10",
        "10",
        "503",
        task.lastError,
        `http://localhost:3000/tasks/${task.id}`,
      ].join("|"),
    });
  });

  it("counts the attempt that raised the alert (kkbida's callCount was one behind)", () => {
    const v = placeholderValues("task.failing", { ...task, attempts: 3, maxAttempts: 10 }, { n: 3, statusCode: null, error: "connection refused" });
    expect(v.callCount).toBe("3");
    expect(v.lastStatus).toBe("no answer");
    expect(v.lastError).toBe("connection refused");
    expect(v.headline).toContain("failing");
  });

  it("leaves an unknown placeholder as written, and checkTemplate names it", () => {
    expect(renderMessage({ kind: "wecom", format: "text", template: "${taskID} ${taskId}" }, values)).toEqual({ type: "text", text: `\${taskID} ${task.id}` });
    expect(checkTemplate({ kind: "wecom", format: "text", template: "${taskID}" }, values)[0]).toContain("Unknown placeholder ${taskID}");
  });
});

describe("escaping for the target format", () => {
  it("yields valid JSON for every kind and format, even from a URL with quotes and newlines", () => {
    for (const kind of ["dingtalk", "wecom", "feishu", "slack"] as const) {
      for (const format of ["text", "markdown"] as const) {
        const req = drivers[kind].build({ url: "https://x.test/hook", secret: "s" }, { id: "a", message: renderMessage({ kind, format, template: null }, values), payload: {} }, new Date());
        expect(() => JSON.parse(req.body), `${kind}/${format}`).not.toThrow();
      }
    }
  });

  it("JSON-escapes values inside a kkbida JSON template (kkbida produced broken JSON here)", () => {
    const msg = renderMessage({ kind: "wecom", format: "text", template: '{"msgtype":"text","text":{"content":"url: ${url}; error: ${lastError}"}}' }, values);
    expect(msg).toEqual({ type: "body", body: { msgtype: "text", text: { content: `url: ${nastyUrl}; error: ${task.lastError}` } } });
  });

  it("also fills placeholders written outside JSON strings", () => {
    const msg = renderMessage({ kind: "webhook", format: "text", template: '{"count": ${callCount}}' }, values);
    expect(msg).toEqual({ type: "body", body: { count: 10 } });
  });

  it("refuses a JSON template that is not JSON", () => {
    expect(checkTemplate({ kind: "dingtalk", format: "text", template: '{"msgtype":"text",' }, values)[0]).toContain("not valid JSON");
  });

  it("keeps markdown values from opening links, headings or new lines", () => {
    expect(escapeMarkdown("[x](http://evil)\n# h *b* `c` <b>")).toBe("\\[x\\]\\(http://evil\\) \\# h \\*b\\* \\`c\\` \\<b\\>");
    const msg = renderMessage({ kind: "dingtalk", format: "markdown", template: "url: ${url}\n[open](${consoleLink})" }, values);
    expect(msg.type === "markdown" && msg.text).toBe(`url: ${escapeMarkdown(nastyUrl)}\n[open](http://localhost:3000/tasks/${task.id})`);
  });

  it("escapes &, < and > for Slack so a value cannot ping a channel", () => {
    expect(escapeSlack("<!channel> a&b")).toBe("&lt;!channel&gt; a&amp;b");
    const msg = renderMessage({ kind: "slack", format: "text", template: "${lastError}" }, { ...values, lastError: "<!here>" });
    expect(msg).toEqual({ type: "text", text: "&lt;!here&gt;" });
  });

  it("escapes markdown inside a JSON template that declares markdown", () => {
    const msg = renderMessage({ kind: "dingtalk", format: "text", template: '{"msgtype":"markdown","markdown":{"title":"t","text":"${url}"}}' }, values);
    expect(msg.type === "body" && (msg.body as { markdown: { text: string } }).markdown.text).toBe(escapeMarkdown(nastyUrl));
  });

  it("cuts to a byte limit without splitting a character", () => {
    const cut = truncateBytes("失败".repeat(100), 50);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(50);
    expect(cut).not.toContain("\uFFFD");
    expect(cut.endsWith(" …")).toBe(true);
  });
});

describe("default templates", () => {
  it("name the task, target, attempts, last status and error, and link to the console", () => {
    for (const kind of ["dingtalk", "wecom", "feishu", "slack"] as const) {
      for (const format of ["text", "markdown"] as const) {
        const msg = renderMessage({ kind, format, template: null }, values);
        const text = msg.type === "body" ? "" : msg.text;
        for (const part of [task.id, "10/10", "503", "orders", `/tasks/${task.id}`, "Last error"]) expect(text, `${kind}/${format}`).toContain(part);
      }
    }
  });
});
