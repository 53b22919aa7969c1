import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { setClientNetwork } from "../../lib/clients/set-client-network";
import type { Db } from "../../lib/db/client";
import { apiClients } from "../../lib/db/schema/api-clients";
import { ApiError } from "../../lib/errors";
import { SetupError } from "./setup-error";

/** The flags of `client outbound`, for parseArgs. */
export const outboundOptions = {
  "target-cidrs": { type: "string" },
  "ca-file": { type: "string" },
  "cert-file": { type: "string" },
  "key-file": { type: "string" },
  proxy: { type: "string" },
  "no-proxy": { type: "string" },
} as const;

export interface OutboundFlags {
  "target-cidrs"?: string;
  "ca-file"?: string;
  "cert-file"?: string;
  "key-file"?: string;
  proxy?: string;
  "no-proxy"?: string;
}

// "" clears a setting; a file flag given "" clears it too, else names a PEM file to read.
const readPem = (flag: string, value: string | undefined) => {
  if (value === undefined || value === "") return value === "" ? null : undefined;
  try {
    return readFileSync(value, "utf8");
  } catch (err) {
    throw new SetupError(`--${flag}: cannot read ${value} (${(err as NodeJS.ErrnoException).code ?? "error"}).`);
  }
};

/** `client outbound <name> [flags]`: changes the flags given and prints the client's settings (no key, no password). */
export async function setClientOutbound(db: Db, name: string, flags: OutboundFlags) {
  const [client] = await db.select({ id: apiClients.id }).from(apiClients).where(eq(apiClients.name, name)).limit(1);
  if (!client) throw new SetupError(`No API client named "${name}".`);
  const changes: Record<string, unknown> = {};
  if (flags["target-cidrs"] !== undefined) changes.targetCidrs = flags["target-cidrs"].split(/[\s,]+/).filter(Boolean);
  const ca = readPem("ca-file", flags["ca-file"]);
  if (ca !== undefined) changes.caBundle = ca;
  const cert = readPem("cert-file", flags["cert-file"]);
  if (cert !== undefined) changes.clientCert = cert;
  const key = readPem("key-file", flags["key-file"]);
  if (key !== undefined) changes.clientKey = key;
  if (flags.proxy !== undefined) changes.proxyUrl = flags.proxy || null;
  if (flags["no-proxy"] !== undefined) changes.noProxy = flags["no-proxy"] || null;
  try {
    const shown = await setClientNetwork(db, { id: client.id, actor: "cli", changes });
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  } catch (err) {
    if (err instanceof ApiError) throw new SetupError(`${err.message} ${err.details.map((d) => `${d.path}: ${d.message}`).join("; ")}`.trim());
    throw err;
  }
}
