import type { NextAuthConfig } from "next-auth";
import { NextResponse } from "next/server";
import type { Role } from "../db/schema/users";
import { env } from "../env";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; role: Role; mustChangePassword: boolean };
  }
  interface User {
    role?: Role;
    mustChangePassword?: boolean;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    mustChangePassword?: boolean;
    /** When the user signed in (ms); the session ends sessionMaxAgeS after it, however active the user is. */
    loginAt?: number;
  }
}

/** Pages reachable without a session. */
const publicPages = ["/login"];
/** Pages reachable while a password change is still owed. */
const passwordChangePages = ["/change-password"];

/**
 * The DB-free half of the next-auth config, shared by proxy.ts (which must not open MySQL) and lib/auth/auth.ts.
 * The proxy's checks are only a fast redirect: every page, route handler and server action checks again.
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
      };
      return session;
    },
    authorized({ auth, request }) {
      const path = request.nextUrl.pathname;
      const signedIn = Boolean(auth?.user?.id);
      if (publicPages.includes(path)) {
        return signedIn ? NextResponse.redirect(new URL("/", request.nextUrl)) : true;
      }
      if (!signedIn) {
        const login = new URL("/login", request.nextUrl);
        if (path !== "/") login.searchParams.set("callbackUrl", path + request.nextUrl.search);
        return NextResponse.redirect(login);
      }
      if (auth!.user.mustChangePassword && !passwordChangePages.includes(path)) {
        return NextResponse.redirect(new URL("/change-password", request.nextUrl));
      }
      return true;
    },
  },
} satisfies NextAuthConfig;
