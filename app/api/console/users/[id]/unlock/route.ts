import { NextResponse } from "next/server";
import { z } from "zod";
import { getAppContext } from "@/lib/context";
import { parseOrThrow } from "@/lib/errors";
import { withSession } from "@/lib/http/with-session";
import { unlockUser } from "@/lib/users/unlock-user";

const idSchema = z.coerce.number().int().positive();

/** POST /api/console/users/:id/unlock — lifts the user's sign-in lock (admins only; audited). */
export const POST = withSession<{ id: string }>(
  async (_req, { params, user }) => {
    const id = parseOrThrow(idSchema, (await params).id);
    const { user: target, wasLocked } = await unlockUser(getAppContext(), { id, actor: user.actor });
    return NextResponse.json({ username: target.username, wasLocked });
  },
  { role: "admin" },
);
