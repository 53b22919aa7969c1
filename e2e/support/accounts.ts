/** Console accounts the global setup creates (or resets) before every run. */
export const accounts = {
  /** The seeded first account, reset to its default password so the forced change can be tested. */
  admin: { username: "admin", password: "admin" },
  adminNew: { username: "admin", password: "e2e-admin-password-1" },
  /** A second admin, so admin pages do not depend on the forced-change flow having run. */
  admin2: { username: "e2e-admin", password: "e2e-admin-pass-2" },
  operator: { username: "e2e-operator", password: "e2e-operator-pass" },
  viewer: { username: "e2e-viewer", password: "e2e-viewer-pass" },
  lockout: { username: "e2e-lockout", password: "e2e-lockout-pass" },
  /** Locked by operator.spec.ts, apart from auth.spec.ts's lockout (a lock lasts 15 minutes, past either spec). */
  lockoutUnlock: { username: "e2e-lockout-2", password: "e2e-lockout-pass-2" },
} as const;

export const stateDir = "e2e/.state";
export const clientFile = `${stateDir}/client.json`;

export const receiverUrl = (path: string) => `http://127.0.0.1:${process.env.E2E_RECEIVER_PORT ?? 3471}${path}`;
