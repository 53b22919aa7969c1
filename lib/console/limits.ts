// Bounds that keep every console page fast at any table size. Free of server imports: pages show them too.

/** Rows read, at most, per page (and per count) for filters no index answers: URL contains, has failed attempts. */
export const scanBudget = 20_000;
