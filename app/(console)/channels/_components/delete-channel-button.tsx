"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { consoleFetch } from "@/components/tasks/console-api";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";

export function DeleteChannelButton({ id, name, after }: { id: number; name: string; after?: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async () => {
    setBusy(true);
    const res = await consoleFetch(`/api/console/channels/${id}`, { method: "DELETE" });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setOpen(false);
    if (after) router.push(after);
    router.refresh();
  };

  return (
    <>
      <Button size="sm" variant="ghost" className="text-rose-700" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => {
          setOpen(false);
          setError(null);
        }}
        onConfirm={remove}
        title={`Delete the channel ${name}?`}
        description="It stops receiving alerts at once. Its alert log stays."
        confirmLabel="Delete channel"
        tone="danger"
        busy={busy}
        error={error}
      />
    </>
  );
}
