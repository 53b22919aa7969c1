import { unstable_rethrow } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import type { Role } from "../db/schema/users";
import { parseOrThrow, toApiError, type ErrorDetail } from "../errors";
import { logger } from "../logger";
import { noteOutage } from "../outage-log";
import { requireUser } from "../auth/require-user";
import type { SessionUser } from "../auth/session-user";
import { wordField, type ValidationText } from "../i18n/issue-text";

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
    const input = parseOrThrow(opts.schema, Object.fromEntries(opts.formData));
    return await fn(input, user);
  } catch (err) {
    unstable_rethrow(err);
    const apiErr = toApiError(err);
    if (apiErr.status >= 500 && !noteOutage(err, "console actions refused")) logger.error({ err }, "server action failed");
    return { ok: false, code: apiErr.code, message: apiErr.message, fieldErrors: await wordFields(apiErr.details) };
  }
}

/**
 * A failed action's field errors, one per field, in plain words and the viewer's language: the same words the
 * console gives an API answer's fields (lib/i18n/issue-text.ts), never zod's library text.
 */
export async function wordFields(details: ErrorDetail[]): Promise<Record<string, string>> {
  const [locale, t] = await Promise.all([getLocale().catch(() => "en"), getTranslations("validation")]);
  const fieldErrors: Record<string, string> = {};
  for (const d of details) if (d.path && !fieldErrors[d.path]) fieldErrors[d.path] = wordField(d, locale, t as unknown as ValidationText);
  return fieldErrors;
}
