import { describe, expect, it } from "vitest";
import { parseTaskIdQuery, taskIdPattern } from "./task-id-query";

const id = "01a23354-9d0e-7214-b926-54e00bbc915c";

describe("parseTaskIdQuery", () => {
  it("reads a full id, with or without dashes, in any case", () => {
    expect(parseTaskIdQuery(id)).toEqual({ kind: "exact", id });
    expect(parseTaskIdQuery(` ${id.replace(/-/g, "").toUpperCase()} `)).toEqual({ kind: "exact", id });
  });

  it("reads the short form the console shows, and its three-dot spelling", () => {
    const q = parseTaskIdQuery("01a23354…915c");
    expect(q).toEqual({ kind: "match", prefix: "01a23354", suffix: "915c" });
    expect(parseTaskIdQuery("01a23354...915c")).toEqual(q);
    expect(id).toMatch(new RegExp(`^${taskIdPattern(q as never).replace("%", ".*")}$`));
  });

  it("reads a prefix and a tail, putting dashes where a UUID has them", () => {
    expect(parseTaskIdQuery("01a233549d")).toEqual({ kind: "match", prefix: "01a23354-9d", suffix: "" });
    expect(parseTaskIdQuery("…54e00bbc915c")).toEqual({ kind: "match", prefix: "", suffix: "54e00bbc915c" });
    expect(parseTaskIdQuery("…b92654e00bbc915c")).toEqual({ kind: "match", prefix: "", suffix: "b926-54e00bbc915c" });
  });

  it("refuses what cannot be a task id, or matches too much", () => {
    for (const bad of ["nope", "01a", "…9c", "", "…", `${id}0`, "01a2'--"]) expect(parseTaskIdQuery(bad), bad).toBeNull();
  });
});
