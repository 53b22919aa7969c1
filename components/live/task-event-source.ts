"use client";

import type { TaskEvent } from "@/lib/tasks/events";

export type LiveStatus = "connecting" | "live" | "offline";

type EventsListener = (events: TaskEvent[]) => void;

// One EventSource per browser tab, shared by every component that wants live task events.
const listeners = new Set<EventsListener>();
const reconnectListeners = new Set<() => void>();
const statusListeners = new Set<(s: LiveStatus) => void>();
let source: EventSource | null = null;
let status: LiveStatus = "connecting";
let wasOpen = false;
let retryMs = 1_000;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let closeTimer: ReturnType<typeof setTimeout> | null = null;
let offlineTimer: ReturnType<typeof setTimeout> | null = null;

// A stream that has not opened after this long is as good as offline: the browser keeps retrying quietly
// (a network error leaves EventSource "connecting" forever), and a buffering proxy holds the answer back.
export const offlineAfterMs = 4_000;

function watchConnect() {
  if (offlineTimer) clearTimeout(offlineTimer);
  offlineTimer = setTimeout(() => {
    offlineTimer = null;
    if (status !== "live") setStatus("offline");
  }, offlineAfterMs);
}

// The stream opens as soon as the layout's live indicator hydrates; a page's own live parts hydrate later,
// sometimes a second or more on a busy machine. Events of that gap are kept briefly and replayed to whoever
// subscribes late and asks for it, so a task submitted meanwhile still shows up. Only listeners that can tell an
// old event from a new one should ask (the task rows compare it with their own last update).
const replayMs = 5_000;
const replayMax = 2_000;
let recent: { received: number; events: TaskEvent[] }[] = [];

function remember(events: TaskEvent[]) {
  const now = Date.now();
  recent.push({ received: now, events });
  while (recent.length > 0 && (recent[0]!.received < now - replayMs || recent.length > replayMax)) recent.shift();
}

function replayTo(listener: EventsListener) {
  const cutoff = Date.now() - replayMs;
  const events = recent.filter((r) => r.received >= cutoff).flatMap((r) => r.events);
  if (events.length > 0) listener(events);
}

function setStatus(next: LiveStatus) {
  if (next === status) return;
  status = next;
  for (const l of statusListeners) l(next);
}

function connect() {
  retryTimer = null;
  const es = new EventSource("/api/events");
  source = es;
  // After a drop, "offline" stays shown until the stream is really back.
  if (status !== "offline") setStatus("connecting");
  watchConnect();
  es.onopen = () => {
    if (offlineTimer) clearTimeout(offlineTimer);
    offlineTimer = null;
    setStatus("live");
    retryMs = 1_000;
    // Events sent while we were away are lost: tell the pages to reload their data once.
    if (wasOpen) for (const l of reconnectListeners) l();
    wasOpen = true;
  };
  es.addEventListener("tasks", (e) => {
    let events: TaskEvent[];
    try {
      events = JSON.parse((e as MessageEvent<string>).data) as TaskEvent[];
    } catch {
      return;
    }
    remember(events);
    for (const l of listeners) l(events);
  });
  es.onerror = () => {
    // The browser retries a dropped stream by itself; it gives up (CLOSED) on an HTTP error such as a 502
    // while the server restarts, and then we retry with a growing delay.
    if (es.readyState === EventSource.CLOSED) {
      es.close();
      if (source === es) source = null;
      setStatus("offline");
      if ((listeners.size > 0 || statusListeners.size > 0) && !retryTimer) {
        retryTimer = setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 5_000);
      }
    } else if (status === "live") {
      setStatus("connecting");
      watchConnect();
    }
  };
}

function retain() {
  if (closeTimer) clearTimeout(closeTimer);
  closeTimer = null;
  if (!source && !retryTimer) connect();
}

function release() {
  if (listeners.size > 0 || statusListeners.size > 0) return;
  // A short grace keeps the stream open across client-side navigations between live pages.
  closeTimer = setTimeout(() => {
    source?.close();
    source = null;
    wasOpen = false;
    recent = [];
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    if (offlineTimer) clearTimeout(offlineTimer);
    offlineTimer = null;
    setStatus("connecting");
  }, 5_000);
}

export function subscribeTaskEvents(onEvents: EventsListener, onReconnect?: () => void, opts: { replay?: boolean } = {}): () => void {
  listeners.add(onEvents);
  if (onReconnect) reconnectListeners.add(onReconnect);
  retain();
  if (opts.replay) replayTo(onEvents);
  return () => {
    listeners.delete(onEvents);
    if (onReconnect) reconnectListeners.delete(onReconnect);
    release();
  };
}

/** The indicator keeps the stream open too, so "Live" means the same on every page of the console. */
export function subscribeLiveStatus(onStatus: (s: LiveStatus) => void): () => void {
  statusListeners.add(onStatus);
  onStatus(status);
  retain();
  return () => {
    statusListeners.delete(onStatus);
    release();
  };
}
