import { describe, expect, it } from "vitest";
import type { ChannelKind, MessageFormat } from "../db/schema/alert-channels";
import { drivers } from "./channels";
import { taskAlert } from "./build-alert";
import { messageText } from "./fake-platforms";
import { sampleAttempt, sampleTask } from "./sample-task";

// What a hostile task could put in a value an alert shows (its URL, source app, last error), per platform.
const pings = [
  "@all",
  "@here",
  "@channel",
  "@13800000000",
  "＠all",
  '<at user_id="all">所有人</at>',
  "<at id=all></at>",
  "<at email=boss@example.com></at>",
  "<@U024BE7LH>",
  "<@wangwu>",
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<!subteam^SAZ94GDB8>",
  "<#C024BE7LR>",
];
// The same syntax as each platform would parse it out of the text it receives.
const live: Array<[string, RegExp]> = [
  ["@ mention", /[@＠](all|here|channel|everyone|\d{11})/],
  ["Feishu <at>", /<at[\s>]/],
  ["WeCom/Slack <@…>", /<@/],
  ["Slack <!…>", /<!/],
  ["Slack <#…>", /<#/],
];

const kinds: ChannelKind[] = ["dingtalk", "wecom", "feishu", "slack"];
const formats: MessageFormat[] = ["text", "markdown"];
const jsonTemplates: Partial<Record<ChannelKind, string>> = {
  dingtalk: '{"msgtype":"text","text":{"content":"${url} ${lastError}"}}',
  feishu: '{"msg_type":"text","content":{"text":"${url} ${lastError}"}}',
  wecom: '{"msgtype":"markdown","markdown":{"content":"${url} ${lastError}"}}',
};

describe("mention syntax in alert values", () => {
  const value = pings.join(" ");
  const task = { ...sampleTask(), url: `https://api.example.com/cb?x=${encodeURIComponent("@all")}`, sourceApp: value, lastError: value };
  const attempt = { ...sampleAttempt(), error: value };

  for (const kind of kinds) {
    for (const format of formats) {
      it(`${kind} ${format}: no value pings anyone, and the words still read`, () => {
        const channel = { kind, format, template: null };
        const built = drivers[kind].build({ url: "http://127.0.0.1:1/x", secret: null }, taskAlert(channel, "task.exhausted", task, attempt, "a1"), new Date());
        const text = messageText(kind, JSON.parse(built.body));
        // The values are there (this is not a test that passes because nothing was sent)...
        expect(text).toContain("all");
        expect(text).toContain("channel");
        for (const [what, pattern] of live) expect(text, `${what} in ${text}`).not.toMatch(pattern);
      });
    }
    const template = jsonTemplates[kind];
    if (template) {
      it(`${kind} JSON template: values are inert too`, () => {
        const channel = { kind, format: "text" as const, template };
        const built = drivers[kind].build({ url: "http://127.0.0.1:1/x", secret: null }, taskAlert(channel, "task.exhausted", task, attempt, "a2"), new Date());
        const text = messageText(kind, JSON.parse(built.body));
        expect(text).toContain("channel");
        for (const [what, pattern] of live) expect(text, `${what} in ${text}`).not.toMatch(pattern);
      });
    }
  }

  it("the operator's own template may still mention (only values are escaped)", () => {
    const channel = { kind: "feishu" as const, format: "text" as const, template: '<at user_id="all">所有人</at> ${url}' };
    const built = drivers.feishu.build({ url: "http://127.0.0.1:1/x", secret: null }, taskAlert(channel, "task.exhausted", task, attempt, "a3"), new Date());
    expect(messageText("feishu", JSON.parse(built.body))).toMatch(/^<at user_id="all">/);
  });
});
