import { MySqlDialect } from "drizzle-orm/mysql-core";
import { describe, expect, it } from "vitest";
import { isFilterEmpty, parseTaskFilter, taskFilterConditions } from "./task-filter";

describe("parseTaskFilter", () => {
  it("reads the URL's filter, dropping empty values", () => {
    const { filter, invalid } = parseTaskFilter({ status: "failed", url: " /orders/ ", sourceApp: "", failed: "1" });
    expect(filter).toEqual({ status: "failed", url: "/orders/", failed: "1" });
    expect(invalid).toEqual([]);
  });

  it("reports invalid values instead of failing the page", () => {
    const { filter, invalid } = parseTaskFilter({ status: "sleeping", id: "nope", from: "yesterday", targetApp: "erp" });
    expect(filter).toEqual({ targetApp: "erp" });
    expect(invalid.sort()).toEqual(["from", "id", "status"]);
  });

  it("takes the first of repeated parameters", () => {
    expect(parseTaskFilter({ status: ["retrying", "failed"] }).filter).toEqual({ status: "retrying" });
  });
});

describe("taskFilterConditions", () => {
  it("splits conditions an index answers from those checked row by row", () => {
    const { indexed, scanned } = taskFilterConditions({ status: "failed", sourceApp: "shop", from: "2026-01-01T00:00:00Z", url: "x", failed: "1" });
    expect(indexed).toHaveLength(3);
    expect(scanned).toHaveLength(2);
    expect(isFilterEmpty({})).toBe(true);
    expect(isFilterEmpty({ url: "x" })).toBe(false);
  });
});

describe("the id filter", () => {
  const render = (c: ReturnType<typeof taskFilterConditions>["indexed"][number]) => new MySqlDialect().sqlToQuery(c);
  it("accepts the short form shown and narrows by the id's start through the primary key", () => {
    const { filter, invalid } = parseTaskFilter({ id: "01A23354…915C", status: "running" });
    expect(invalid).toEqual([]);
    const { indexed, scanned } = taskFilterConditions(filter);
    expect(render(indexed[0]!)).toMatchObject({ sql: "`tasks`.`id` like ?", params: ["01a23354%915c"] });
    expect(scanned).toEqual([]);
  });

  it("checks a bare tail row by row", () => {
    const { indexed, scanned } = taskFilterConditions({ id: "…915c" });
    expect(indexed).toEqual([]);
    expect(render(scanned[0]!)).toMatchObject({ params: ["%915c"] });
  });
});

describe("the URL filter's scope", () => {
  const render = (c: ReturnType<typeof taskFilterConditions>["scanned"][number]) => new MySqlDialect().sqlToQuery(c);
  it("matches the whole URL, or only the part before '?' for viewers", () => {
    const all = render(taskFilterConditions({ url: "tok_1%" }).scanned[0]!);
    expect(all.sql).toBe("`tasks`.`url` like ?");
    expect(all.params).toEqual(["%tok\\_1\\%%"]);
    const path = render(taskFilterConditions({ url: "tok", urlScope: "path" }).scanned[0]!);
    expect(path.sql).toBe("SUBSTRING_INDEX(`tasks`.`url`, '?', 1) LIKE ?");
    expect(path.params).toEqual(["%tok%"]);
  });

  it("cannot be set from the page URL", () => {
    expect(parseTaskFilter({ url: "x", urlScope: "all" }).filter).toEqual({ url: "x" });
  });
});
