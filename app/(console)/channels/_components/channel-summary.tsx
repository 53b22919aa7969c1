import { Badge } from "@/components/ui/badge";
import type { ChannelView } from "@/lib/notify/serialize-channel";
import { eventLabels } from "./kind-labels";

export function EventsText({ channel }: { channel: ChannelView }) {
  return (
    <span className="text-sm">
      {channel.events
        .map((e) => (e === "task.failing" ? `${eventLabels[e]} (after ${channel.failingAfter})` : eventLabels[e]))
        .join(" · ")}
    </span>
  );
}

export function FiltersText({ channel }: { channel: ChannelView }) {
  const parts = [
    channel.filters.sourceApps.length ? `source: ${channel.filters.sourceApps.join(", ")}` : null,
    channel.filters.targetApps.length ? `target: ${channel.filters.targetApps.join(", ")}` : null,
    channel.filters.targetHosts.length ? `hosts: ${channel.filters.targetHosts.join(", ")}` : null,
  ].filter(Boolean);
  return parts.length ? <span className="text-xs text-slate-600">{parts.join(" · ")}</span> : <span className="text-xs text-slate-400">all tasks</span>;
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return enabled ? <Badge tone="green">enabled</Badge> : <Badge tone="gray">disabled</Badge>;
}
