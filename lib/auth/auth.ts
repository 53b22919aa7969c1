import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getAppContext } from "../context";
import { logger } from "../logger";
import { authenticateUser } from "../users/authenticate-user";
import { findUserById } from "../users/find-user";
import { authConfig } from "./auth.config";
import { loginSource } from "./login-source";
import { isSessionGrant } from "./session-grant";

/** Why a login failed; the code reaches the login form, which words it for people. */
export class LoginError extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

const credentialsSchema = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) });

export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new LoginError("invalid");
        const result = await authenticateUser(getAppContext(), { ...parsed.data, source: loginSource(request?.headers) });
        // "invalid:<tries left>" lets the form warn before the try that locks the account.
        if (!result.ok) throw new LoginError(result.reason === "locked" ? `locked:${result.lockedForS}` : result.reason === "invalid" ? `invalid:${result.triesLeft}` : result.reason);
        const { user } = result;
        return { id: String(user.id), name: user.username, role: user.role, mustChangePassword: user.mustChangePassword, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    ...authConfig.callbacks,
    async jwt(params) {
      const token = await authConfig.callbacks.jwt(params);
      // An update (after a password change) re-reads the user; data sent by the browser is never trusted.
      if (token && params.trigger === "update" && token.uid) {
        const user = await findUserById(getAppContext().db, Number(token.uid));
        if (!user || user.disabled) return null;
        token.role = user.role;
        token.mustChangePassword = user.mustChangePassword;
        // The user's own password change raised the version; the session that made the change carries on.
        const from = token.sv ?? 0;
        if (isSessionGrant((params.session as { grant?: unknown } | undefined)?.grant, token.uid, from, user.sessionVersion)) token.sv = user.sessionVersion;
      }
      return token;
    },
  },
  logger: {
    error(error) {
      // A wrong password is an expected event, already answered on the form and counted for lockout.
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      logger.error({ err: error }, "auth error");
    },
    warn(code) {
      logger.warn({ code }, "auth warning");
    },
  },
});
