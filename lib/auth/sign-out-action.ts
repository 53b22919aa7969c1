"use server";

import { redirect } from "next/navigation";
import { signOut } from "./auth";

/** Ends the session; the redirect is ours, relative, so it stays on the host the browser used. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirect: false });
  redirect("/login");
}
