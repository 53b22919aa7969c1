"use client";

import { useMemo, useState } from "react";
import type { TaskRow } from "@/lib/console/task-row";
import type { TaskEvent } from "@/lib/tasks/events";
import { useTaskEvents } from "@/components/live/use-task-events";

/** A row with the newest live status laid over it (when the event is newer than the row from the database). */
function overlay(row: TaskRow, e: TaskEvent | undefined): TaskRow {
  if (!e || e.at < Date.parse(row.updatedAt)) return row;
  return {
    ...row,
    status: e.status,
    attempts: e.attempts,
    lastStatusCode: e.statusCode !== undefined ? e.statusCode : row.lastStatusCode,
    nextAttemptAt: e.nextAttemptAt !== undefined ? (e.nextAttemptAt === null ? null : new Date(e.nextAttemptAt).toISOString()) : row.nextAttemptAt,
  };
}

// Enough for every task a busy board can learn of between two refreshes; the oldest others go first.
const keptEvents = 2_000;

function prune(live: Record<string, TaskEvent>, onScreen: Set<string>): Record<string, TaskEvent> {
  const entries = Object.entries(live);
  if (entries.length <= keptEvents) return live;
  const others = entries.filter(([id]) => !onScreen.has(id)).sort((a, b) => a[1].at - b[1].at);
  for (const [id] of others.slice(0, entries.length - keptEvents)) delete live[id];
  return live;
}

/**
 * Keeps the rows on screen current from the live event stream. Events for tasks not on screen call
 * `onUnknown` (new tasks, or tasks entering the filter), which typically reloads the page's data.
 */
export function useLiveRows(rows: TaskRow[], opts: { onUnknown?: (events: TaskEvent[]) => void; onReconnect?: () => void }) {
  const [live, setLive] = useState<Record<string, TaskEvent>>({});
  const ids = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);

  useTaskEvents((events) => {
    const unknown = events.filter((e) => !ids.has(e.id));
    // Events of tasks not on screen are kept too: a task's row may come from a refresh that read it before its
    // last event (a call still in flight), and only the kept event then says how it ended.
    setLive((prev) => {
      const next = { ...prev };
      for (const e of events) if (!next[e.id] || next[e.id]!.at <= e.at) next[e.id] = e;
      return prune(next, ids);
    });
    if (unknown.length > 0) opts.onUnknown?.(unknown);
    // Events from before this board mounted are safe to take: overlay() keeps a row's newer data.
  }, opts.onReconnect, { replay: true });

  return useMemo(() => {
    const changed = new Set<string>();
    const merged = rows.map((r) => {
      const next = overlay(r, live[r.id]);
      if (next !== r) changed.add(r.id);
      return next;
    });
    return { rows: merged, changed };
  }, [rows, live]);
}
