import { NextResponse } from "next/server";
import { getAppContext } from "@/lib/context";
import { withSession } from "@/lib/http/with-session";
import { listUsers } from "@/lib/users/list-users";
import { withLockState } from "@/lib/users/unlock-user";

export const dynamic = "force-dynamic";

/** GET /api/console/users — every console user with their sign-in lock (admins only). */
export const GET = withSession(
  async () => {
    const { db, redis } = getAppContext();
    const users = await withLockState(redis, await listUsers(db));
    return NextResponse.json({ users });
  },
  { role: "admin" },
);
