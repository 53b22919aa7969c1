import { describe, expect, it } from "vitest";
import { safeError, scrubDbMessage } from "./safe-error";

describe("safeError", () => {
  it("keeps a mysql2 error's codes and drops its statement and quoted values", () => {
    const err = Object.assign(new Error("Duplicate entry '7-Bearer s3cret' for key 'tasks_client_idem_uq'"), {
      code: "ER_DUP_ENTRY",
      errno: 1062,
      sqlState: "23000",
      sqlMessage: "Duplicate entry '7-Bearer s3cret' for key 'tasks_client_idem_uq'",
      sql: "INSERT INTO tasks (...) VALUES ('Bearer s3cret')",
    });
    const out = JSON.stringify(safeError(err));
    expect(out).toContain("ER_DUP_ENTRY");
    expect(out).toContain("tasks_client_idem_uq");
    expect(out).not.toContain("s3cret");
    expect(out).not.toContain("INSERT");
  });

  it("replaces a drizzle error's message (the query and params) and keeps its cause's codes", () => {
    const cause = Object.assign(new Error("Unknown column 'x' in 'WHERE'"), { code: "ER_BAD_FIELD_ERROR", errno: 1054, sqlState: "42S22", sqlMessage: "Unknown column 'x' in 'WHERE'" });
    const err = Object.assign(new Error("Failed query: select * from tasks where x = ?\nparams: Bearer s3cret"), { name: "DrizzleQueryError", query: "select", params: ["Bearer s3cret"], cause });
    const out = JSON.stringify(safeError(err));
    expect(out).toContain("ER_BAD_FIELD_ERROR");
    expect(out).not.toContain("s3cret");
    expect(out).not.toContain("select");
    expect(safeError(String(err))).toBe("Failed query");
  });

  it("leaves other errors their message and stack", () => {
    const out = safeError(new TypeError("boom"));
    expect(out).toMatchObject({ type: "TypeError", message: "boom" });
    expect(typeof out === "object" && out.stack).toContain("boom");
  });

  it("scrubs values but not names from a server message", () => {
    expect(scrubDbMessage("Data too long for column 'url' at row 1")).toBe("Data too long for column 'url' at row 1");
    expect(scrubDbMessage("Incorrect datetime value: '10000-01-01 00:00:00' for column `bida`.`tasks`.`next_attempt_at` at row 3")).toBe(
      "Incorrect datetime value: '…' for column `bida`.`tasks`.`next_attempt_at` at row 3",
    );
  });
});
