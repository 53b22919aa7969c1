"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { consoleFetch } from "@/components/tasks/console-api";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useErrorText } from "@/components/ui/use-error-text";

export function DeleteChannelButton({ id, name, after }: { id: number; name: string; after?: string }) {
  const router = useRouter();
  const t = useTranslations("channels");
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async () => {
    setBusy(true);
    const res = await consoleFetch(`/api/console/channels/${id}`, { method: "DELETE" });
    setBusy(false);
    if (!res.ok) return setError(errorText(res));
    setOpen(false);
    if (after) router.push(after);
    router.refresh();
  };

  return (
    <>
      <Button size="sm" variant="ghost" className="text-rose-700" onClick={() => setOpen(true)}>
        {t("delete")}
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => {
          setOpen(false);
          setError(null);
        }}
        onConfirm={remove}
        title={t("deleteTitle", { name })}
        description={t("deleteDescription")}
        confirmLabel={t("deleteConfirm")}
        tone="danger"
        busy={busy}
        error={error}
      />
    </>
  );
}
