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
});
