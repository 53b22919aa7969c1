import { z } from "zod";
import { taskInputSchema } from "../tasks/task-input";
import { listTasksQuerySchema } from "../tasks/list-tasks";
import { attemptPageSchema } from "../tasks/get-task";
import { liveStatuses } from "../tasks/lifecycle/statuses";
import { waitingReasons } from "../db/schema/tasks";

// Request schemas come from the same zod schemas the handlers validate with, so the document cannot drift.
const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
// A bound is a number, or a string for a bigint or a date.
const numberOrString = { oneOf: [{ type: "number" }, { type: "string" }] };
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ref("Error") } } });
const json = (schema: unknown) => ({ "application/json": { schema } });
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const common = {
  "401": errorResponse("Missing or wrong API key"),
  "403": errorResponse("The client is disabled, or the caller's address is not in its allow-list"),
  "422": errorResponse("Validation failed; details name each failing field"),
  "503": errorResponse("MySQL or Redis unavailable"),
};

// A submit over the client's quotas (docs/security/quotas.md); Retry-After says when to try again.
const quotaRefused = {
  description: "Over the client's submit rate (`rate_limited`) or its open-task quota (`quota_exceeded`)",
  headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait before trying again" } },
  content: { "application/json": { schema: ref("Error") } },
};

const taskView = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" },
    // `running`: an attempt is in flight right now (never stored; the task is queued or retrying underneath).
    status: { type: "string", enum: liveStatuses },
    url: { type: "string" },
    method: { type: "string" },
    params: { type: ["object", "null"] },
    bodyType: { type: "string", enum: ["json", "form"] },
    headers: { type: ["object", "null"], description: "Values of secret-looking names (Authorization, Cookie, …token, …secret, …password, …key, …signature) are stored encrypted and shown as ****" },
    expect: { type: ["object", "null"] },
    maxAttempts: { type: "integer" },
    retry: { type: ["object", "null"] },
    timeoutMs: { type: "integer" },
    sourceApp: { type: ["string", "null"] },
    targetApp: { type: ["string", "null"] },
    protocol: { type: "string", enum: ["native", "kkbida"] },
    attemptCount: { type: "integer" },
    nextAttemptAt: { type: ["string", "null"], format: "date-time" },
    expiresAt: { type: ["string", "null"], format: "date-time", description: "Not delivered by then, the task ends failed with lastError \"expired\"" },
    externalId: { type: ["string", "null"], description: "The task's id in the system it was imported from (kkbida's taskId); searchable with q" },
    orderingKey: { type: ["string", "null"], description: "Tasks of one client with the same key are attempted one at a time, in submit order" },
    orderingSeq: { type: ["integer", "null"], description: "The task's place on its ordering key, given at commit; a retry moves it to the key's tail" },
    waiting: {
      type: ["object", "null"],
      description:
        "Set while the next attempt is held back, at the target host's gate (cap, open, paused) or behind the task ahead on its ordering key (order); no attempt is spent meanwhile",
      properties: {
        reason: { type: "string", enum: waitingReasons },
        since: { type: "string", format: "date-time" },
        behind: { type: ["string", "null"], format: "uuid", description: "For order: the task ahead, which must be final before this one is attempted" },
      },
    },
    lastStatusCode: { type: ["integer", "null"] },
    lastError: { type: ["string", "null"] },
    note: { type: ["string", "null"] },
    replayOf: { type: ["string", "null"], format: "uuid", description: "On a replay (a new task an operator copied from a finished one): the task it was copied from" },
    createdAt: { type: "string", format: "date-time" },
    updatedAt: { type: "string", format: "date-time" },
    finishedAt: { type: ["string", "null"], format: "date-time" },
  },
};

const attemptView = {
  type: "object",
  properties: {
    n: { type: "integer" },
    startedAt: { type: "string", format: "date-time" },
    durationMs: { type: "integer" },
    statusCode: { type: ["integer", "null"] },
    responseExcerpt: { type: ["string", "null"], description: "At most 64 KiB of the answer" },
    error: { type: ["string", "null"] },
    ok: { type: "boolean" },
    url: { type: ["string", "null"], description: "The URL this attempt called (a later retry may correct the task's URL); null on attempts recorded before Bida kept it" },
    responseHeaders: {
      type: ["object", "null"],
      additionalProperties: { type: "string" },
      description: "The answer's headers: names lower case, at most 50 and 4 KiB in all, credential-looking values (set-cookie, authorization…) shown as ****",
    },
  },
};

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: { title: "Bida callback center", version: "1", description: "Durable HTTP callbacks with retries. Authenticate with `Authorization: Bearer <apiKey>`." },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        TaskInput: jsonSchema(taskInputSchema),
        Task: taskView,
        Attempt: attemptView,
        TaskDetail: {
          allOf: [
            ref("Task"),
            { type: "object", properties: { attempts: { type: "array", items: ref("Attempt") }, attemptsNextAfter: { type: ["integer", "null"], description: "Pass as attemptsAfter for the next page of attempts; null on the last" } } },
          ],
        },
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message", "details"],
              properties: {
                code: { type: "string" },
                message: { type: "string" },
                details: {
                  type: "array",
                  // issue: what the check wanted, for a client to word it in its own language; never the input.
                  items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" }, issue: ref("FieldIssue") } },
                },
              },
            },
          },
        },
        FieldIssue: {
          type: "object",
          required: ["code"],
          properties: {
            code: { type: "string", description: "zod's issue code: too_small, too_big, invalid_type, invalid_format, invalid_value, …" },
            origin: { type: "string" },
            minimum: numberOrString,
            maximum: numberOrString,
            expected: { type: "string" },
            format: { type: "string" },
          },
        },
      },
    },
    paths: {
      "/api/v1/tasks": {
        post: {
          summary: "Submit a task",
          parameters: [{ name: "Idempotency-Key", in: "header", schema: { type: "string", maxLength: 255 }, description: "The same key from the same client returns the first task (200)" }],
          requestBody: { required: true, content: json(ref("TaskInput")) },
          responses: {
            "201": { description: "Accepted and committed", content: json(ref("Task")) },
            "200": { description: "Repeated Idempotency-Key: the existing task", content: json(ref("Task")) },
            "400": errorResponse("Malformed JSON"),
            "413": errorResponse("Body over 1 MiB"),
            "429": quotaRefused,
            ...common,
          },
        },
        get: {
          summary: "List the client's tasks, newest first (keyset paging)",
          parameters: Object.entries((jsonSchema(listTasksQuerySchema) as { properties: Record<string, unknown> }).properties).map(([name, schema]) => ({ name, in: "query", schema })),
          responses: {
            "200": { description: "A page", content: json({ type: "object", properties: { items: { type: "array", items: ref("Task") }, nextCursor: { type: ["string", "null"] } } }) },
            ...common,
          },
        },
      },
      "/api/v1/tasks/batch": {
        post: {
          summary: "Submit up to 1000 tasks; valid ones are committed together",
          requestBody: { required: true, content: json({ type: "object", required: ["tasks"], properties: { tasks: { type: "array", maxItems: 1000, items: ref("TaskInput") } } }) },
          responses: {
            "200": {
              description: "One result per item, in order",
              content: json({ type: "object", properties: { results: { type: "array", items: { oneOf: [{ type: "object", properties: { id: { type: "string" }, status: { type: "string" } } }, ref("Error")] } } } }),
            },
            "413": errorResponse("Body over the client's batch-bytes quota (at most 1 MiB)"),
            "429": quotaRefused,
            ...common,
          },
        },
      },
      "/api/v1/tasks/{id}": {
        get: { summary: "A task with a page of its attempts (oldest first)", parameters: [idParam, ...Object.entries((jsonSchema(attemptPageSchema) as { properties: Record<string, unknown> }).properties).map(([name, schema]) => ({ name, in: "query", schema }))], responses: { "200": { description: "The task", content: json(ref("TaskDetail")) }, "404": errorResponse("Unknown task, or another client's"), ...common } },
      },
      "/api/v1/tasks/{id}/retry": {
        post: {
          summary: "Send a failed or cancelled task back to the queue with a fresh budget",
          parameters: [idParam],
          requestBody: { required: false, content: json({ type: "object", properties: { attempts: { type: "integer", minimum: 1, maximum: 100 } } }) },
          responses: { "200": { description: "Queued", content: json(ref("Task")) }, "404": errorResponse("Unknown task"), "409": errorResponse("The task is not failed or cancelled"), ...common },
        },
      },
      "/api/v1/tasks/{id}/cancel": {
        post: { summary: "Cancel a task that is not final", parameters: [idParam], responses: { "200": { description: "Cancelled", content: json(ref("Task")) }, "404": errorResponse("Unknown task"), "409": errorResponse("Already final"), ...common } },
      },
      "/api/addTask": {
        post: {
          summary: "kkbida protocol: credentials in `username`/`password` headers; answers the bare task id as text/plain",
          security: [],
          parameters: [
            { name: "username", in: "header", required: true, schema: { type: "string" } },
            { name: "password", in: "header", required: true, schema: { type: "string" } },
          ],
          requestBody: { required: true, content: json({ type: "object", description: "kkbida's CallBackTask: url, requestMethod (GET|POST), requestParam, expectResult, limitCallCount (1–100), sourceAppName, targetAppName" }) },
          responses: {
            "200": { description: "The task id", content: { "text/plain": { schema: { type: "string" } } } },
            "401": { description: "Wrong credentials" },
            "403": { description: "The caller's address is not in the client's allow-list (empty body), or the client is disabled" },
            "422": { description: "Invalid task; the reason as text", content: { "text/plain": { schema: { type: "string" } } } },
            "429": { description: "Over the client's submit quotas; the reason as text, Retry-After in seconds", content: { "text/plain": { schema: { type: "string" } } } },
          },
        },
      },
      "/api/health": { get: { summary: "MySQL and Redis state, and whether a worker's heartbeat is current (worker: {ok, since}; not part of the status)", security: [], responses: { "200": { description: "Both answer" }, "503": { description: "One is down" } } } },
    },
  };
}
