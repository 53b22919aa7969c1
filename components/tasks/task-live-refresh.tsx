"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTaskEvents, useThrottled } from "@/components/live/use-task-events";
import type { LiveStatus } from "@/lib/tasks/lifecycle/statuses";
import { StatusBadge } from "./status-badge";

/**
 * The live status of one task: shows "running" while an attempt is in flight (a state only the live events
 * carry) and reloads the page's data when the task changes, so the attempts timeline fills in by itself.
 */
export function TaskLiveStatus({ id, status }: { id: string; status: LiveStatus }) {
  const router = useRouter();
  const [live, setLive] = useState<{ status: LiveStatus; for: LiveStatus } | null>(null);
  const refresh = useThrottled(() => router.refresh(), 500);
  useTaskEvents(
    (events) => {
      const mine = events.filter((e) => e.id === id);
      if (mine.length === 0) return;
      setLive({ status: mine[mine.length - 1]!.status, for: status });
      refresh();
    },
    () => router.refresh(),
  );
  // A live state is dropped once the server's data has moved on past it.
  const shown = live && live.for === status ? live.status : status;
  return <StatusBadge status={shown} />;
}
