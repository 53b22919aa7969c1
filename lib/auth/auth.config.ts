import type { NextAuthConfig } from "next-auth";
import type { Role } from "../db/schema/users";
import { env } from "../env";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; role: Role; mustChangePassword: boolean; sessionVersion: number; loginAt?: number };
  }
  interface User {
    role?: Role;
    mustChangePassword?: boolean;
    sessionVersion?: number;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    mustChangePassword?: boolean;
    /** When the user signed in (ms); the session ends sessionMaxAgeS after it, however active the user is. */
    loginAt?: number;
    /** users.session_version at sign-in: disabling, a role change or a password change raise it, ending the session. */
    sv?: number;
  }
}

/**
 * The DB-free half of the next-auth config: how sessions are made and what they carry. lib/auth/auth.ts adds
 * the Credentials provider; proxy.ts only reads the cookie (lib/auth/read-session-cookie.ts).
 */
export const authConfig = {
  // Bida is self-hosted behind whatever host name the operator gives it; this is AUTH_TRUST_HOST=true.
  trustHost: true,
  secret: env.auth.secret,
  session: { strategy: "jwt", maxAge: env.auth.sessionMaxAgeS },
  pages: { signIn: "/login" },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.name = user.name;
        token.role = user.role;
        token.mustChangePassword = user.mustChangePassword ?? false;
        token.loginAt = Date.now();
        token.sv = user.sessionVersion ?? 0;
      }
      // next-auth slides a JWT's expiry on every request; this makes the limit absolute instead.
      if (!token.loginAt || Date.now() - token.loginAt > env.auth.sessionMaxAgeS * 1000) return null;
      return token;
    },
    session({ session, token }) {
      session.user = {
        ...session.user,
        id: token.uid ?? "",
        name: token.name ?? "",
        role: token.role ?? "viewer",
        mustChangePassword: token.mustChangePassword ?? false,
        sessionVersion: token.sv ?? 0,
        loginAt: token.loginAt,
      };
      return session;
    },
  },
} satisfies NextAuthConfig;
