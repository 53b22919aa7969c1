import type { ChannelKind } from "../../db/schema/alert-channels";
import { dingtalk } from "./dingtalk";
import { feishu } from "./feishu";
import { slack } from "./slack";
import type { ChannelDriver } from "./types";
import { webhook } from "./webhook";
import { wecom } from "./wecom";

export const drivers: Record<ChannelKind, ChannelDriver> = { dingtalk, wecom, feishu, slack, webhook };
