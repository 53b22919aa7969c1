import { truncateBytes } from "../escape";
import { dingtalkSignedUrl } from "../sign";
import { judgeErrcode } from "./errcode";
import { jsonHeaders, type ChannelDriver } from "./types";

// The robot refuses messages over 20,000 bytes; 130101 is "send too fast" (20 messages a minute).
const maxBytes = 18_000;

/** DingTalk custom robot: text or markdown, signed in the URL when the robot has a secret. */
export const dingtalk: ChannelDriver = {
  build(target, { message }, now) {
    const body =
      message.type === "body"
        ? message.body
        : message.type === "text"
          ? { msgtype: "text", text: { content: truncateBytes(message.text, maxBytes) } }
          : { msgtype: "markdown", markdown: { title: message.title, text: truncateBytes(message.text, maxBytes) } };
    const url = target.secret ? dingtalkSignedUrl(target.url, target.secret, now.getTime()) : target.url;
    return { url, headers: jsonHeaders, body: JSON.stringify(body) };
  },
  judge: (body) => judgeErrcode(body, [130101]),
};
