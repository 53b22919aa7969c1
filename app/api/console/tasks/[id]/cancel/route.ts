import { NextResponse } from "next/server";
import { z } from "zod";
import { getAppContext } from "@/lib/context";
import { parseOrThrow } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { withSession } from "@/lib/http/with-session";
import { cancelTask } from "@/lib/tasks/cancel-task";
import { serializeTask } from "@/lib/tasks/serialize";

const bodySchema = z.object({ note: z.string().trim().max(2000).optional() }).strict();

export const POST = withSession<{ id: string }>(
  async (req, { params, user }) => {
    const { id } = await params;
    const body = parseOrThrow(bodySchema, await readJson(req, { optional: true }));
    const task = await cancelTask(getAppContext(), { id, actor: user.actor, note: body.note || undefined });
    return NextResponse.json({ task: serializeTask(task) });
  },
  { role: "operator" },
);
