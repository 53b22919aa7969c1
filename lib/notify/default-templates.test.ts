import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { taskAlert } from "./build-alert";
import { drivers } from "./channels";
import { placeholderValues } from "./placeholders";
import { renderMessage } from "./render-message";
import { sampleAttempt, sampleTask } from "./sample-task";

// kkbida's alert as its users know it (the Java system's template, kept in the fixtures).
const kkbida = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/kkbida-alert-template.json"), "utf8")) as {
  text: { content: string };
};

describe("default templates per language", () => {
  const task = sampleTask();
  const values = placeholderValues("task.exhausted", task, sampleAttempt(), "zh-CN");
  const expected = kkbida.text.content.replace(/\$\{(\w+)\}/g, (_, name: string) => values[name as keyof typeof values]);

  it("sends kkbida's own text on DingTalk and WeCom in zh-CN", () => {
    for (const kind of ["dingtalk", "wecom"] as const) {
      const alert = taskAlert({ kind, format: "text", template: null, locale: "zh-CN" }, "task.exhausted", task as never, null, "a1");
      expect(alert.message).toEqual({ type: "text", text: expected });
      // What the robot receives: kkbida's msgtype/text envelope around the same words.
      const body = JSON.parse(drivers[kind].build({ url: "https://x.test/hook", secret: null }, alert, new Date()).body) as { msgtype: string; text: { content: string } };
      expect(body.msgtype).toBe("text");
      expect(body.text.content).toBe(expected);
      expect(body.text.content).toContain(`回调异常，taskId：${task.id}`);
    }
  });

  it("keeps English defaults for en channels and channels without a locale", () => {
    for (const locale of ["en", undefined]) {
      const msg = renderMessage({ kind: "dingtalk", format: "text", template: null, locale }, placeholderValues("task.exhausted", task, sampleAttempt()));
      expect(msg.type === "text" && msg.text).toMatch(/^\[Bida\] Callback to .* gave up/);
    }
  });

  it("writes Chinese defaults for the other kinds in zh-CN, with a Chinese headline", () => {
    const msg = renderMessage({ kind: "feishu", format: "markdown", template: null, locale: "zh-CN" }, values);
    expect(msg.type === "markdown" && msg.text).toContain("**任务：**");
    expect(values.headline).toMatch(/^回调 .* 已尝试 \d+ 次，放弃重试$/);
  });

  it("lets a channel's own template win over the language default", () => {
    const msg = renderMessage({ kind: "wecom", format: "text", template: "custom ${taskId}", locale: "zh-CN" }, values);
    expect(msg).toEqual({ type: "text", text: `custom ${task.id}` });
  });
});
