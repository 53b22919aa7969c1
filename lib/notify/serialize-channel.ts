import type { AlertChannel } from "../db/schema/alert-channels";
import type { AlertRow } from "../db/schema/alerts";
import { maskUrl } from "./mask";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** A channel as every API answer and page shows it: the URL's token masked, the secret never. */
export function serializeChannel(c: AlertChannel) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    url: maskUrl(c.url),
    hasSecret: !!c.secret,
    format: c.format,
    locale: c.locale,
    template: c.template ?? null,
    filters: { sourceApps: c.filters?.sourceApps ?? [], targetApps: c.filters?.targetApps ?? [], targetHosts: c.filters?.targetHosts ?? [] },
    events: c.events,
    failingAfter: c.failingAfter,
    enabled: c.enabled,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}
export type ChannelView = ReturnType<typeof serializeChannel>;

export function serializeAlert(a: AlertRow & { channelName?: string | null }) {
  return {
    id: a.id,
    channelId: a.channelId,
    channelName: a.channelName ?? null,
    taskId: a.taskId ?? null,
    event: a.event,
    status: a.status,
    attempts: a.attempts,
    responseStatus: a.responseStatus ?? null,
    response: a.response ?? null,
    error: a.error ?? null,
    message: a.message ?? null,
    foldedInto: a.foldedInto ?? null,
    sentAt: iso(a.sentAt),
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
  };
}
export type AlertView = ReturnType<typeof serializeAlert>;
