import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document";

describe("OpenAPI document", () => {
  it("describes every native route and derives the task body from the validating schema", () => {
    const doc = openApiDocument("http://localhost:3000");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/tasks", "/api/v1/tasks/batch", "/api/v1/tasks/{id}", "/api/v1/tasks/{id}/retry", "/api/v1/tasks/{id}/cancel", "/api/addTask"]),
    );
    const input = doc.components.schemas.TaskInput as { properties: Record<string, { enum?: string[]; maximum?: number }>; required?: string[] };
    expect(input.required).toEqual(["url"]);
    expect(input.properties.method!.enum).toEqual(["GET", "POST", "PUT", "PATCH", "DELETE"]);
    expect(input.properties.maxAttempts!.maximum).toBe(100);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("documents ordering keys: the optional input, the task's place, and what a waiting task waits behind", () => {
    const doc = openApiDocument("http://localhost:3000");
    const input = doc.components.schemas.TaskInput as { properties: Record<string, { type?: string; minLength?: number; maxLength?: number }>; required?: string[] };
    expect(input.properties.orderingKey).toMatchObject({ type: "string", minLength: 1, maxLength: 255 });
    expect(input.required).not.toContain("orderingKey");
    const task = doc.components.schemas.Task as { properties: Record<string, { properties?: Record<string, { enum?: readonly string[] }> }> };
    expect(Object.keys(task.properties)).toEqual(expect.arrayContaining(["orderingKey", "orderingSeq"]));
    expect(task.properties.waiting!.properties!.reason!.enum).toContain("order");
    expect(Object.keys(task.properties.waiting!.properties!)).toContain("behind");
  });

  it("documents task expiry: the optional input and the task's expiresAt", () => {
    const doc = openApiDocument("http://localhost:3000");
    const input = doc.components.schemas.TaskInput as { properties: Record<string, { type?: string; format?: string; description?: string }>; required?: string[] };
    expect(input.properties.expiresAt).toMatchObject({ type: "string", format: "date-time" });
    expect(input.properties.expiresAt!.description).toMatch(/expired/);
    expect(input.required).not.toContain("expiresAt");
    const task = doc.components.schemas.Task as { properties: Record<string, unknown> };
    expect(Object.keys(task.properties)).toEqual(expect.arrayContaining(["expiresAt", "externalId"]));
  });
});
