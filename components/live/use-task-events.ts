"use client";

import { useEffect, useRef, useState } from "react";
import type { TaskEvent } from "@/lib/tasks/events";
import { subscribeLiveStatus, subscribeTaskEvents, type LiveStatus } from "./task-event-source";

/**
 * Calls `onEvents` with every batch of live task events; `onReconnect` after the stream came back. With `replay`,
 * the first call also carries the events of the last few seconds, received before this component mounted.
 */
export function useTaskEvents(onEvents: (events: TaskEvent[]) => void, onReconnect?: () => void, opts: { replay?: boolean } = {}): void {
  const handlers = useRef({ onEvents, onReconnect });
  handlers.current = { onEvents, onReconnect };
  useEffect(
    () =>
      subscribeTaskEvents(
        (events) => handlers.current.onEvents(events),
        () => handlers.current.onReconnect?.(),
        { replay: opts.replay },
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the replay choice is read once, at mount: it only concerns what happened before.
    [],
  );
}

export function useLiveStatus(): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useEffect(() => subscribeLiveStatus(setStatus), []);
  return status;
}

/**
 * Runs `fn` at most once per `ms`, trailing: a burst of events yields one reload now and one after the burst,
 * so the page is never more than `ms` behind.
 */
export function useThrottled(fn: () => void, ms: number): () => void {
  const state = useRef({ last: 0, timer: null as ReturnType<typeof setTimeout> | null, fn });
  state.current.fn = fn;
  useEffect(() => () => {
    if (state.current.timer) clearTimeout(state.current.timer);
  }, []);
  return useRef(() => {
    const s = state.current;
    if (s.timer) return;
    const wait = Math.max(0, s.last + ms - Date.now());
    s.timer = setTimeout(() => {
      s.timer = null;
      s.last = Date.now();
      s.fn();
    }, wait);
  }).current;
}
