"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useErrorText } from "@/components/ui/use-error-text";
import { isFinal, type LiveStatus } from "@/lib/tasks/lifecycle/statuses";
import { consoleFetch } from "./console-api";

/** Replay a finished task: a new task copied from it (lib/tasks/replay-task.ts); opens the copy once made. */
export function ReplayButton({ id, status }: { id: string; status: LiveStatus }) {
  const t = useTranslations("replay");
  const router = useRouter();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!isFinal(status)) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="replay-button">{t("button")}</Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t("title")}
        description={t("description")}
        confirmLabel={t("confirm")}
        busy={busy}
        error={error}
        onConfirm={async () => {
          setBusy(true);
          setError(null);
          const res = await consoleFetch<{ task: { id: string } }>(`/api/console/tasks/${id}/replay`, { method: "POST" });
          setBusy(false);
          if (!res.ok) return setError(errorText(res));
          setOpen(false);
          router.push(`/tasks/${res.data.task.id}`);
        }}
      />
    </>
  );
}
