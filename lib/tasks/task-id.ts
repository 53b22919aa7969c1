import { ApiError } from "../errors";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A malformed id names no task: 404, the same as an unknown one. */
export function parseTaskId(raw: string): string {
  const id = raw.toLowerCase();
  if (!uuidPattern.test(id)) throw new ApiError("not_found", `No task with id ${raw}.`);
  return id;
}
