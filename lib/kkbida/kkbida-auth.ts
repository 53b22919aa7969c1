import type { Db } from "../db/client";
import type { ApiClient } from "../db/schema/api-clients";
import { ApiError } from "../errors";
import { authenticateClient } from "../auth/api-client";
import { utf8Reading } from "../clients/kkbida-credentials";

/**
 * kkbida's `username` / `password` headers: the client's kkbida password when it has one, else its generated
 * secret. Non-ASCII credentials a Java client sent as UTF-8 arrive Latin-1-decoded; they are tried as UTF-8 too.
 */
export async function authenticateKkbida(db: Db, username: string | null, password: string | null, caller: string | null): Promise<ApiClient> {
  try {
    return await authenticateClient(db, username, password, caller, "kkbida");
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== "unauthorized" || !username || !password) throw err;
    const u = utf8Reading(username);
    const p = utf8Reading(password);
    if (!u && !p) throw err;
    return authenticateClient(db, u ?? username, p ?? password, caller, "kkbida");
  }
}
