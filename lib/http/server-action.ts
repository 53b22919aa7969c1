import { unstable_rethrow } from "next/navigation";
import { getLocale } from "next-intl/server";
import { z } from "zod";
import type { Role } from "../db/schema/users";
import { parseOrThrow, toApiError } from "../errors";
import { logger } from "../logger";
import { noteOutage } from "../outage-log";
import { requireUser } from "../auth/require-user";
import type { SessionUser } from "../auth/session-user";

const zhCN = z.locales.zhCN;

/** What a console form's server action answers; the form shows `message` and the per-field errors. */
export type ActionState = {
  ok: boolean;
  message?: string;
  /** A failure's error code (lib/errors.ts): the form shows the console's words for it outside English. */
  code?: string;
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
    // Field messages in the viewer's language (zod's own catalogue); the API's route handlers stay English.
    const locale = await getLocale();
    const input = parseOrThrow(opts.schema, Object.fromEntries(opts.formData), locale === "zh-CN" ? { error: zhCN().localeError } : undefined);
    return await fn(input, user);
  } catch (err) {
    unstable_rethrow(err);
    const apiErr = toApiError(err);
    if (apiErr.status >= 500 && !noteOutage(err, "console actions refused")) logger.error({ err }, "server action failed");
    const fieldErrors: Record<string, string> = {};
    for (const d of apiErr.details) if (d.path && !fieldErrors[d.path]) fieldErrors[d.path] = d.message;
    return { ok: false, code: apiErr.code, message: apiErr.message, fieldErrors };
  }
}
