import { NextResponse } from "next/server";
import { getAppContext } from "@/lib/context";
import { withSession } from "@/lib/http/with-session";
import { getAlertAgent } from "@/lib/notify/alert-agent";
import { sendTestAlert } from "@/lib/notify/send-test";
import { parseChannelId } from "@/lib/notify/get-channel";

// "Send test": the platform's answer comes back in the response, failure or not (200 either way).
export const POST = withSession<{ id: string }>(
  async (_req, { params, user }) => {
    const result = await sendTestAlert(getAppContext().db, getAlertAgent(), { id: parseChannelId((await params).id), actor: user.actor });
    return NextResponse.json({ result });
  },
  { role: "operator" },
);
