import { isFinal } from "@/lib/tasks/lifecycle/statuses";
import { waitFor } from "./processes";
import { taskRow } from "./db";

/** Polls MySQL until the task is final; returns the row. */
export async function waitForFinal(id: string, timeoutMs = 20_000) {
  let row = await taskRow(id);
  await waitFor(async () => {
    row = await taskRow(id);
    return isFinal(row.status);
  }, timeoutMs, () => `task ${id} is still ${row?.status}`);
  return row;
}
