"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { consoleFetch } from "@/components/tasks/console-api";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { Dialog } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { useErrorText } from "@/components/ui/use-error-text";
import { useFormat } from "@/components/ui/use-format";
import type { TestResult } from "@/lib/notify/send-test";

/** Sends the channel's message filled from a made-up task and shows exactly what the platform answered. */
export function SendTestButton({ id, name, size = "sm" }: { id: number; name: string; size?: "sm" | "md" }) {
  const t = useTranslations("channels.test");
  const errorText = useErrorText();
  const f = useFormat();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    setBusy(true);
    setError(null);
    const res = await consoleFetch<{ result: TestResult }>(`/api/console/channels/${id}/test`, { method: "POST", body: {} });
    setBusy(false);
    if (!res.ok) return setError(errorText(res));
    setResult(res.data.result);
  };
  const close = () => {
    setResult(null);
    setError(null);
  };

  return (
    <>
      <Button size={size} onClick={send} busy={busy} data-testid="send-test">
        {t("send")}
      </Button>
      <Dialog
        open={result !== null || error !== null}
        onClose={close}
        title={t("title", { name })}
        testId="test-result"
        footer={<Button onClick={close}>{t("close")}</Button>}
      >
        {error && <Notice tone="error">{error}</Notice>}
        {result && (
          <div className="space-y-3" data-testid="test-outcome" data-ok={result.ok}>
            {result.ok ? (
              <Notice tone="success" title={t("delivered")}>
                {t("accepted")}
                {result.statusCode ? ` (HTTP ${result.statusCode}, ${f.ms(result.durationMs)})` : ""}
              </Notice>
            ) : (
              <Notice tone="error" title={t("notDelivered")}>
                <span data-testid="test-error" data-i18n-exempt>{result.error}</span>
              </Notice>
            )}
            <div>
              <p className="mb-1 text-xs font-medium text-slate-500">
                {t("answer")}
                {result.statusCode !== null ? ` · HTTP ${result.statusCode}` : ""}
              </p>
              <CodeBlock testId="test-response">{result.response || t("noAnswer")}</CodeBlock>
            </div>
          </div>
        )}
      </Dialog>
    </>
  );
}
