import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { LiveStatus } from "@/lib/tasks/lifecycle/statuses";

const tones: Record<LiveStatus, BadgeTone> = {
  queued: "gray",
  running: "blue",
  retrying: "amber",
  succeeded: "green",
  failed: "red",
  cancelled: "gray",
  resolved: "violet",
};

export function StatusBadge({ status }: { status: LiveStatus }) {
  const t = useTranslations("status");
  return (
    <Badge tone={tones[status]} data-testid="status-badge" data-status={status}>
      <span
        className={
          status === "running"
            ? "size-1.5 animate-pulse rounded-full bg-current"
            : "size-1.5 rounded-full bg-current opacity-70"
        }
        aria-hidden="true"
      />
      {t(status)}
    </Badge>
  );
}
