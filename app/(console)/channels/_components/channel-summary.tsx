import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";
import type { ChannelView } from "@/lib/notify/serialize-channel";
import { eventKey } from "./kind-labels";

export function EventsText({ channel }: { channel: ChannelView }) {
  const t = useTranslations("channels");
  return (
    <span className="text-sm">
      {channel.events
        .map((e) => (e === "task.failing" ? t("failingAfterN", { event: t(`events.${eventKey(e)}`), n: channel.failingAfter }) : t(`events.${eventKey(e)}`)))
        .join(" · ")}
    </span>
  );
}

export function FiltersText({ channel }: { channel: ChannelView }) {
  const t = useTranslations("channels");
  const parts = (
    [
      ["filterSource", channel.filters.sourceApps],
      ["filterTarget", channel.filters.targetApps],
      ["filterHosts", channel.filters.targetHosts],
    ] as const
  ).filter(([, v]) => v.length > 0);
  if (parts.length === 0) return <span className="text-xs text-slate-400">{t("allTasks")}</span>;
  return (
    <span className="text-xs text-slate-600">
      {parts.map(([key, values], i) => (
        <span key={key}>
          {i > 0 && " · "}
          {t(key)} <span data-i18n-exempt>{values.join(", ")}</span>
        </span>
      ))}
    </span>
  );
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  const t = useTranslations("channels");
  return enabled ? <Badge tone="green">{t("enabled")}</Badge> : <Badge tone="gray">{t("disabled")}</Badge>;
}
