import { NextResponse } from "next/server";
import { getAppContext } from "@/lib/context";
import { parseOrThrow } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { withSession } from "@/lib/http/with-session";
import { createChannelSchema } from "@/lib/notify/channel-input";
import { createChannel } from "@/lib/notify/create-channel";
import { listChannels } from "@/lib/notify/list-channels";
import { serializeChannel } from "@/lib/notify/serialize-channel";

export const GET = withSession(async () => {
  const channels = await listChannels(getAppContext().db);
  return NextResponse.json({ items: channels.map(serializeChannel) });
});

export const POST = withSession(
  async (req, { user }) => {
    const input = parseOrThrow(createChannelSchema, await readJson(req));
    const channel = await createChannel(getAppContext().db, { ...input, actor: user.actor });
    return NextResponse.json({ channel: serializeChannel(channel) }, { status: 201 });
  },
  { role: "operator" },
);
