import type { ChannelKind } from "../../db/schema/alert-channels";

/** kkbida's web_hook rows name no platform: the robot URL's host tells which one it is. */
const hosts: Array<[string, ChannelKind]> = [
  ["oapi.dingtalk.com", "dingtalk"],
  ["qyapi.weixin.qq.com", "wecom"],
];

export function channelKindFor(url: string): ChannelKind {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return "webhook";
  }
  return hosts.find(([h]) => h === host)?.[1] ?? "webhook";
}
