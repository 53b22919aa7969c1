"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { getAppContext } from "@/lib/context";
import { runAction, type ActionState } from "@/lib/http/server-action";
import { createUser } from "@/lib/users/create-user";
import { unlockUser } from "@/lib/users/unlock-user";
import { resetUserPassword, setUserDisabled, setUserRole } from "@/lib/users/update-user";
import { newUserSchema, roleSchema } from "@/lib/users/user-input";

// Every action here is for admins; runAction checks the session and role before anything else.
const idSchema = z.coerce.number().int().positive();

export async function createUserAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction({ role: "admin", schema: newUserSchema, formData }, async (input, user) => {
    await createUser(getAppContext().db, { ...input, actor: user.actor, mustChangePassword: true });
    revalidatePath("/users");
    return { ok: true, message: (await getTranslations("users"))("added", { name: input.username }) };
  });
}

export async function setRoleAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction({ role: "admin", schema: z.object({ id: idSchema, role: roleSchema }), formData }, async (input, user) => {
    const changed = await setUserRole(getAppContext().db, { id: input.id, role: input.role, actorId: user.id, actor: user.actor });
    revalidatePath("/users");
    const t = await getTranslations("users");
    return { ok: true, message: t("roleChanged", { name: changed.username, role: (await getTranslations("layout.roles"))(input.role) }) };
  });
}

export async function setDisabledAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const schema = z.object({ id: idSchema, disabled: z.enum(["true", "false"]).transform((v) => v === "true") });
  return runAction({ role: "admin", schema, formData }, async (input, user) => {
    const changed = await setUserDisabled(getAppContext().db, { id: input.id, disabled: input.disabled, actorId: user.id, actor: user.actor });
    revalidatePath("/users");
    const t = await getTranslations("users");
    return { ok: true, message: t(input.disabled ? "disabledDone" : "enabledDone", { name: changed.username }) };
  });
}

export async function resetPasswordAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction({ role: "admin", schema: z.object({ id: idSchema }), formData }, async (input, user) => {
    const { db, redis } = getAppContext();
    const { user: target, temporaryPassword } = await resetUserPassword(db, { id: input.id, actorId: user.id, actor: user.actor, redis });
    revalidatePath("/users");
    return { ok: true, message: (await getTranslations("users"))("tempPassword", { name: target.username }), secret: temporaryPassword };
  });
}

export async function unlockAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction({ role: "admin", schema: z.object({ id: idSchema }), formData }, async (input, user) => {
    const { user: target } = await unlockUser(getAppContext(), { id: input.id, actor: user.actor });
    revalidatePath("/users");
    return { ok: true, message: (await getTranslations("users"))("unlocked", { name: target.username }) };
  });
}
