import { NextResponse } from "next/server";
import { z } from "zod";
import { getAppContext } from "@/lib/context";
import { parseOrThrow } from "@/lib/errors";
import { readJson } from "@/lib/http/read-body";
import { withSession } from "@/lib/http/with-session";
import { resolveTask } from "@/lib/tasks/resolve-task";
import { serializeTask } from "@/lib/tasks/serialize";

// The note is the record of what was done by hand; without it a resolved task explains nothing.
const bodySchema = z.object({ note: z.string().trim().min(1, "say what was done by hand").max(2000) }).strict();

export const POST = withSession<{ id: string }>(
  async (req, { params, user }) => {
    const { id } = await params;
    const body = parseOrThrow(bodySchema, await readJson(req));
    const task = await resolveTask(getAppContext(), { id, actor: user.actor, note: body.note });
    return NextResponse.json({ task: serializeTask(task) });
  },
  { role: "operator" },
);
