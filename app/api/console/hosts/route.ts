import { NextResponse } from "next/server";
import { z } from "zod";
import { getAppContext } from "@/lib/context";
import { parseOrThrow } from "@/lib/errors";
import { hostKey } from "@/lib/hosts/host-key";
import { changeHost } from "@/lib/hosts/host-settings";
import { listHosts } from "@/lib/hosts/host-stats";
import { readJson } from "@/lib/http/read-body";
import { withSession } from "@/lib/http/with-session";

// A host as the gate keys it (lib/hosts/host-key.ts): scheme://host:port.
const host = z.string().regex(/^https?:\/\/[^/\s]+:\d{1,5}$/, "scheme://host:port, as the hosts page lists it").max(300);

const bodySchema = z.discriminatedUnion("action", [
  z.object({ host, action: z.literal("pause") }).strict(),
  z.object({ host, action: z.literal("resume") }).strict(),
  // Null goes back to HOST_MAX_IN_FLIGHT.
  z.object({ host, action: z.literal("cap"), maxInFlight: z.number().int().min(1).max(10_000).nullable() }).strict(),
]);

/** GET: the target hosts with their live state. */
export const GET = withSession(async () => {
  const { db, redis } = getAppContext();
  return NextResponse.json({ hosts: await listHosts(db, redis) });
});

/** POST: pause, resume, or set the cap of one host (operators). */
export const POST = withSession(
  async (req, { user }) => {
    const body = parseOrThrow(bodySchema, await readJson(req));
    // Spelled as the gate keys it (lower-case name, explicit port), or a pause would miss the host it names.
    const row = await changeHost(getAppContext(), hostKey(body.host), body.action === "cap" ? { action: "cap", maxInFlight: body.maxInFlight } : { action: body.action }, user.actor);
    return NextResponse.json({ host: { host: row.host, paused: row.paused, maxInFlight: row.maxInFlight } });
  },
  { role: "operator" },
);
