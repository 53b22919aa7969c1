"use server";

import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { unstable_update } from "@/lib/auth/auth";
import { sessionGrant } from "@/lib/auth/session-grant";
import { getSessionUser } from "@/lib/auth/session-user";
import { getAppContext } from "@/lib/context";
import { parseOrThrow, toApiError } from "@/lib/errors";
import { wordFields, type ActionState } from "@/lib/http/server-action";
import { changeOwnPassword } from "@/lib/users/change-password";
import { passwordSchema } from "@/lib/users/user-input";

const schemaFor = (t: Awaited<ReturnType<typeof getTranslations<"password">>>) =>
  z
    .object({
      currentPassword: z.string().min(1, t("currentRequired")),
      newPassword: passwordSchema,
      confirmPassword: z.string(),
      then: z.enum(["overview", "stay"]).default("stay"),
    })
    .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: t("mismatch") });

/** Everyone may change their own password, including a user who must do so before anything else. */
export async function changePassword(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  const t = await getTranslations("password");
  let then: "overview" | "stay";
  let versions: { from: number; to: number };
  try {
    const input = parseOrThrow(schemaFor(t), Object.fromEntries(formData));
    then = input.then;
    versions = await changeOwnPassword(getAppContext().db, { userId: user.id, currentPassword: input.currentPassword, newPassword: input.newPassword });
  } catch (err) {
    const apiErr = toApiError(err);
    return { ok: false, code: apiErr.code, message: apiErr.message, fieldErrors: await wordFields(apiErr.details) };
  }
  // The token still says a change is owed; the update re-reads the user from the database. The change ended every
  // other session of the user (session_version); this one takes the new version.
  await unstable_update({ grant: sessionGrant(String(user.id), versions.from, versions.to) } as never);
  if (then === "overview") redirect("/overview");
  return { ok: true, message: t("changed") };
}
