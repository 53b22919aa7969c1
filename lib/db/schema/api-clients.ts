import { boolean, char, int, json, mysqlTable, text, uniqueIndex, varchar } from "drizzle-orm/mysql-core";
import { createdAt, timestamp3, updatedAt } from "../columns";

/** Per-client limits; a null field takes the environment's default (see lib/env.ts `env.quotas`). */
export interface ClientQuotas {
  submitsPerSecond?: number | null;
  submitBurst?: number | null;
  openTasks?: number | null;
  attemptsPerMinute?: number | null;
  batchBytes?: number | null;
}

/** How the worker reaches this client's targets; secrets in it (the client key) are stored encrypted. */
export interface ClientOutbound {
  /** PEM bundle of CAs trusted for this client's targets, in addition to (or instead of) the system's. */
  caBundle?: string | null;
  /** PEM client certificate for mTLS, with its key stored encrypted in `clientKeyEnc`. */
  clientCert?: string | null;
  clientKeyEnc?: string | null;
  /** Egress proxy URL (http://host:port) and hosts that bypass it (comma-separated, `.suffix` allowed). */
  proxyUrl?: string | null;
  noProxy?: string | null;
}

export const apiClients = mysqlTable(
  "api_clients",
  {
    id: int("id").autoincrement().primaryKey(),
    name: varchar("name", { length: 128 }).notNull(),
    // Public key id: the kkbida `username` header and the middle of the native API key.
    username: varchar("username", { length: 64 }).notNull(),
    // SHA-256 of the random secret; secrets are 256-bit random, so a slow hash adds nothing.
    secretHash: char("secret_hash", { length: 64 }).notNull(),
    // Hosts this client may target (exact or *.suffix); null means any host the outbound policy allows.
    allowedHosts: json("allowed_hosts").$type<string[] | null>(),
    // Resolved target addresses this client may reach (CIDRs); null means any the outbound policy allows.
    allowedTargetCidrs: json("allowed_target_cidrs").$type<string[] | null>(),
    // Caller addresses allowed to use this client's credentials (CIDRs, IPv4 and IPv6); null means any.
    allowedCallerCidrs: json("allowed_caller_cidrs").$type<string[] | null>(),
    quotas: json("quotas").$type<ClientQuotas | null>(),
    // The secret before the last rotation keeps working until this time (key rotation with a grace period).
    previousSecretHash: char("previous_secret_hash", { length: 64 }),
    previousSecretExpiresAt: timestamp3("previous_secret_expires_at"),
    secretRotatedAt: timestamp3("secret_rotated_at"),
    // Written at most once a minute per client, so authentication stays off the write path.
    lastUsedAt: timestamp3("last_used_at"),
    // Standard Webhooks signing of every call to this client's targets; secrets are stored encrypted.
    signCallbacks: boolean("sign_callbacks").notNull().default(false),
    signingSecretEnc: text("signing_secret_enc"),
    previousSigningSecretEnc: text("previous_signing_secret_enc"),
    previousSigningSecretExpiresAt: timestamp3("previous_signing_secret_expires_at"),
    outbound: json("outbound").$type<ClientOutbound | null>(),
    // A password a person chose (kkbida's callcenter.system.password, kept so kkbida clients change nothing):
    // stored with a slow hash, unlike the random secret above. When set, kkbida requests check it instead.
    kkbidaPasswordHash: varchar("kkbida_password_hash", { length: 255 }),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("api_clients_username_uq").on(t.username), uniqueIndex("api_clients_name_uq").on(t.name)],
);

export type ApiClient = typeof apiClients.$inferSelect;
