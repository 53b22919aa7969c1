import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { Role } from "../db/schema/users";
import { parseOrThrow, toApiError } from "../errors";
import { logger } from "../logger";
import { noteOutage } from "../outage-log";
import { requireUser } from "../auth/require-user";
import type { SessionUser } from "../auth/session-user";

/** What a console form's server action answers; the form shows `message` and the per-field errors. */
export type ActionState = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  /** Shown once and never stored, such as a temporary password. */
  secret?: string;
} | null;

/**
 * The body of every console server action: checks the session and role, parses the form with zod and
 * turns any error into an ActionState, so an action is as guarded as a route handler.
 */
export async function runAction<S extends z.ZodType>(
  opts: { role: Role; schema: S; formData: FormData },
  fn: (input: z.infer<S>, user: SessionUser) => Promise<ActionState>,
): Promise<ActionState> {
  try {
    const user = await requireUser(opts.role);
    const input = parseOrThrow(opts.schema, Object.fromEntries(opts.formData));
    return await fn(input, user);
  } catch (err) {
    unstable_rethrow(err);
    const apiErr = toApiError(err);
    if (apiErr.status >= 500 && !noteOutage(err, "console actions refused")) logger.error({ err }, "server action failed");
    const fieldErrors: Record<string, string> = {};
    for (const d of apiErr.details) if (d.path && !fieldErrors[d.path]) fieldErrors[d.path] = d.message;
    return { ok: false, message: apiErr.message, fieldErrors };
  }
}
