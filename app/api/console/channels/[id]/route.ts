import { NextResponse } from "next/server";
import { getAppContext } from "@/lib/context";
import { parseOrThrow } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { withSession } from "@/lib/http/with-session";
import { updateChannelSchema } from "@/lib/notify/channel-input";
import { deleteChannel } from "@/lib/notify/delete-channel";
import { serializeChannel } from "@/lib/notify/serialize-channel";
import { updateChannel } from "@/lib/notify/update-channel";
import { getChannel, parseChannelId } from "@/lib/notify/get-channel";

export const GET = withSession<{ id: string }>(async (_req, { params }) => {
  const channel = await getChannel(getAppContext().db, { id: parseChannelId((await params).id) });
  return NextResponse.json({ channel: serializeChannel(channel) });
});

export const PATCH = withSession<{ id: string }>(
  async (req, { params, user }) => {
    const id = parseChannelId((await params).id);
    const input = parseOrThrow(updateChannelSchema, await readJson(req));
    const channel = await updateChannel(getAppContext().db, { ...input, id, actor: user.actor });
    return NextResponse.json({ channel: serializeChannel(channel) });
  },
  { role: "operator" },
);

export const DELETE = withSession<{ id: string }>(
  async (_req, { params, user }) => {
    await deleteChannel(getAppContext().db, { id: parseChannelId((await params).id), actor: user.actor });
    return new NextResponse(null, { status: 204 });
  },
  { role: "operator" },
);
