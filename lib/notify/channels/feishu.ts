import { truncateBytes } from "../escape";
import { feishuSign } from "../sign";
import { judgeErrcode } from "./errcode";
import { jsonHeaders, type ChannelDriver } from "./types";

const maxBytes = 28_000;

/**
 * Feishu (Lark) custom bot: text, or markdown as an interactive card. With a secret, `timestamp` (seconds)
 * and `sign` go in the body. 9499 and 11232 are its rate-limit codes.
 */
export const feishu: ChannelDriver = {
  build(target, { message }, now) {
    const content =
      message.type === "body"
        ? message.body
        : message.type === "text"
          ? { msg_type: "text", content: { text: truncateBytes(message.text, maxBytes) } }
          : {
              msg_type: "interactive",
              card: {
                header: { title: { tag: "plain_text", content: message.title } },
                elements: [{ tag: "markdown", content: truncateBytes(message.text, maxBytes) }],
              },
            };
    const timestamp = Math.floor(now.getTime() / 1000);
    const body = target.secret ? { timestamp: String(timestamp), sign: feishuSign(target.secret, timestamp), ...content } : content;
    return { url: target.url, headers: jsonHeaders, body: JSON.stringify(body) };
  },
  judge: (body) => judgeErrcode(body, [9499, 11232]),
};
