import type { AlertEvent, ChannelKind } from "@/lib/db/schema/alert-channels";

// Client components import these instead of the schema module, which would pull drizzle into the browser.

// Names and hints are in the catalogue: "channels.kinds.<kind>", "channels.events.<event with _ for .>",
// "channels.secretHints.<kind>". These tables fix the order and which kinds take a secret.
export const kindLabels: Record<ChannelKind, string> = {
  dingtalk: "DingTalk",
  wecom: "WeCom",
  feishu: "Feishu",
  slack: "Slack",
  webhook: "Webhook",
};

export const urlHints: Record<ChannelKind, string> = {
  dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=…",
  wecom: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
  feishu: "https://open.feishu.cn/open-apis/bot/v2/hook/…",
  slack: "https://hooks.slack.com/services/T…/B…/…",
  webhook: "https://ops.example.com/hooks/bida",
};

/** Kinds whose platform signs messages with a secret (the form offers the field). */
export const takesSecret: Record<ChannelKind, boolean> = { dingtalk: true, feishu: true, webhook: true, wecom: false, slack: false };

/** The catalogue key of an event's label. */
export const eventKey = (ev: AlertEvent) => ev.replace(".", "_");

export const eventLabels: Record<AlertEvent, string> = {
  "task.exhausted": "Gave up (budget spent)",
  "task.failing": "Failing",
  "bida.lag": "Bida: delivery lag",
  "bida.backlog": "Bida: backlog growing",
  "bida.circuit": "Bida: host circuit open",
  "bida.requeue": "Bida: sweeper re-queued tasks",
  "bida.store_down": "Bida: MySQL or Redis unreachable",
};

export const channelKinds = Object.keys(kindLabels) as ChannelKind[];
export const alertEvents = Object.keys(eventLabels) as AlertEvent[];
