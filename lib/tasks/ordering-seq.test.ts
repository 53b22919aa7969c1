import { describe, expect, it } from "vitest";
import { numberRows, orderingGroups, takeSeqStatements, type Numbered } from "./ordering-seq";

const row = (clientId: number, orderingKey: string | null, name: string): Numbered & { name: string } => ({ clientId, orderingKey, orderingSeq: null, name });

describe("orderingGroups", () => {
  it("groups keyed rows by client and key in submit order, leaves key-less rows out, and sorts the groups", () => {
    const rows = [row(2, "b", "1"), row(1, "b", "2"), row(1, null, "3"), row(2, "b", "4"), row(1, "a", "5"), row(1, "b", "6")];
    const groups = orderingGroups(rows);
    expect(groups.map((g) => [g.clientId, g.key, g.rows.map((r) => r.name)])).toEqual([
      [1, "a", ["5"]],
      [1, "b", ["2", "6"]],
      [2, "b", ["1", "4"]],
    ]);
  });

  it("is empty without keys, so the submit path keeps its single statement", () => {
    expect(orderingGroups([row(1, null, "1"), row(2, null, "2")])).toEqual([]);
  });

  it("tells keys apart byte for byte, except for trailing spaces, as utf8mb4_bin compares them", () => {
    const groups = orderingGroups([row(1, "Order-1", "1"), row(1, "order-1", "2"), row(1, "order-1  ", "3")]);
    expect(groups.map((g) => g.rows.map((r) => r.name))).toEqual([["1"], ["2", "3"]]);
  });
});

describe("numberRows", () => {
  it("gives a group of k rows the k numbers up to where its key now stands, in order", () => {
    const rows = [row(1, "a", "1"), row(1, "b", "2"), row(1, "a", "3"), row(1, "a", "4")];
    const groups = orderingGroups(rows);
    numberRows(groups, [
      { clientId: 1, orderingKey: "a", lastSeq: 10 },
      { clientId: 1, orderingKey: "b", lastSeq: "1" },
    ]);
    expect(rows.map((r) => r.orderingSeq)).toEqual([8, 1, 9, 10]);
  });

  it("matches MySQL's stored form of the key (trailing spaces) and refuses a batch it cannot number", () => {
    const rows = [row(1, "a ", "1")];
    numberRows(orderingGroups(rows), [{ clientId: 1, orderingKey: "a", lastSeq: 3 }]);
    expect(rows[0]!.orderingSeq).toBe(3);
    expect(() => numberRows(orderingGroups([row(1, "a", "1")]), [])).toThrow(/1 keys to number, 0 found/);
    expect(() => numberRows(orderingGroups([row(1, "a", "1")]), [{ clientId: 2, orderingKey: "a", lastSeq: 1 }])).toThrow(/no number/);
  });
});

describe("takeSeqStatements", () => {
  it("raises each key by its group's size and reads exactly the batch's keys, values escaped", () => {
    const { take, read } = takeSeqStatements(orderingGroups([row(1, "it's", "1"), row(1, "it's", "2"), row(3, "x", "3")]));
    expect(take).toBe(
      "INSERT INTO ordering_keys (client_id, ordering_key, last_seq) VALUES (1, 'it\\'s', 2), (3, 'x', 1) ON DUPLICATE KEY UPDATE last_seq = last_seq + VALUES(last_seq)",
    );
    expect(read).toBe(
      "SELECT client_id AS clientId, ordering_key AS orderingKey, last_seq AS lastSeq FROM ordering_keys WHERE (client_id = 1 AND ordering_key = 'it\\'s') OR (client_id = 3 AND ordering_key = 'x')",
    );
  });
});
