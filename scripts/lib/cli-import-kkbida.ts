import { readFileSync } from "node:fs";
import { closeAppContext, createAppContext } from "../../lib/context";
import { ImportError } from "../../lib/kkbida/import/import-client";
import { readKkbidaProperties } from "../../lib/kkbida/import/kkbida-properties";
import { openKkbidaSource } from "../../lib/kkbida/import/kkbida-source";
import { runImport, type ImportSummary } from "../../lib/kkbida/import/run-import";
import { redactUrl, SetupError } from "./setup-error";

export interface ImportKkbidaArgs {
  from?: string;
  properties?: string;
  "dry-run"?: boolean;
  "pending-only"?: boolean;
  timezone?: string;
  "kkbida-stopped"?: boolean;
  client?: string;
}

/** `import kkbida`: progress and the summary on stderr; the summary as JSON on stdout (with a new client's secrets). */
export async function importKkbida(args: ImportKkbidaArgs) {
  if (!args.from) throw new SetupError("Give kkbida's database as --from mysql://user:password@host:3306/callcenterdb.");
  let settings = null;
  if (args.properties) {
    let text: string;
    try {
      text = readFileSync(args.properties, "utf8");
    } catch (err) {
      throw new SetupError(`Cannot read --properties ${args.properties}: ${(err as Error).message}`);
    }
    try {
      settings = readKkbidaProperties(text);
    } catch (err) {
      throw new SetupError(`--properties ${args.properties}: ${(err as Error).message}`);
    }
  }
  let source;
  try {
    source = await openKkbidaSource(args.from);
  } catch (err) {
    throw new SetupError(`${(err as Error).message} (--from ${redactUrl(args.from)})`);
  }
  const ctx = createAppContext();
  try {
    const summary = await runImport(ctx, {
      source,
      settings,
      clientName: args.client ?? "kkbida",
      timeZone: args.timezone ?? "Asia/Shanghai",
      dryRun: args["dry-run"] ?? false,
      pendingOnly: args["pending-only"] ?? false,
      kkbidaStopped: args["kkbida-stopped"] ?? false,
      progress: (line) => console.error(line),
    });
    console.error(describe(summary));
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } catch (err) {
    if (err instanceof ImportError || (err instanceof Error && err.message.startsWith("Unknown time zone"))) throw new SetupError(err.message);
    throw err;
  } finally {
    await source.close();
    // BullMQ leaves a connection it was handed open; the queue's own Redis connection goes too, so the process ends.
    const queueRedis = ctx.deliveryQueue.opts.connection as { disconnect?: () => void };
    await closeAppContext(ctx);
    queueRedis.disconnect?.();
  }
}

function describe(s: ImportSummary): string {
  const counts = (m: Record<string, number>) => (Object.keys(m).length ? Object.entries(m).map(([k, n]) => `${n} ${k}`).join(", ") : "none");
  const lines = [
    `${s.dryRun ? "Dry run (nothing written) of the" : "The"} import from kkbida at ${s.source}:`,
    `  client "${s.client.name}": ${s.client.changes.length ? s.client.changes.join("; ") : "unchanged"}`,
    `  tasks read: ${s.tasks.read}; ${s.dryRun ? "would be imported" : "imported"}: ${counts(s.tasks.imported)} (${s.attempts} attempts of history)`,
    `  tasks skipped: ${counts(s.tasks.skipped)}`,
    `  webhooks as alert channels: ${counts(s.channels.imported)}; skipped: ${counts(s.channels.skipped)}`,
    ...s.notes.map((n) => `  note: ${n}`),
  ];
  if (s.client.created) lines.push(`  the new client's native API key and signing secret are in the JSON on stdout, shown only now`);
  return lines.join("\n");
}
