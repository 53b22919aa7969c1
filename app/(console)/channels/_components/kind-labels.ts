import type { AlertEvent, ChannelKind } from "@/lib/db/schema/alert-channels";

// Client components import these instead of the schema module, which would pull drizzle into the browser.

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

export const secretHints: Record<ChannelKind, string | null> = {
  dingtalk: "The robot's signing secret (its \"sign\" security setting, starts with SEC). Leave empty if the robot uses keywords or IP rules.",
  feishu: "The bot's signature verification secret. Leave empty if it has none.",
  webhook: "HMAC key for the Standard Webhooks signature; a whsec_… secret is base64-decoded. Leave empty to send unsigned.",
  wecom: null,
  slack: null,
};

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
