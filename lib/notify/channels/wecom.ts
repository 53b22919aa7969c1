import { truncateBytes } from "../escape";
import { judgeErrcode } from "./errcode";
import { jsonHeaders, type ChannelDriver } from "./types";

// WeCom group robot limits: text 2,048 bytes, markdown 4,096 bytes; 45009 is its rate limit (20 a minute).
const maxTextBytes = 2_048;
const maxMarkdownBytes = 4_096;

/** WeCom (WeChat Work) group robot: text or markdown; the key in the URL is its only credential. */
export const wecom: ChannelDriver = {
  build(target, { message }) {
    const body =
      message.type === "body"
        ? message.body
        : message.type === "text"
          ? { msgtype: "text", text: { content: truncateBytes(message.text, maxTextBytes) } }
          : { msgtype: "markdown", markdown: { content: truncateBytes(message.text, maxMarkdownBytes) } };
    return { url: target.url, headers: jsonHeaders, body: JSON.stringify(body) };
  },
  judge: (body) => judgeErrcode(body, [45009]),
};
