"use client";

import { useState } from "react";
import { consoleFetch } from "@/components/tasks/console-api";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { Dialog } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import type { TestResult } from "@/lib/notify/send-test";

/** Sends the channel's message filled from a made-up task and shows exactly what the platform answered. */
export function SendTestButton({ id, name, size = "sm" }: { id: number; name: string; size?: "sm" | "md" }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    setBusy(true);
    setError(null);
    const res = await consoleFetch<{ result: TestResult }>(`/api/console/channels/${id}/test`, { method: "POST", body: {} });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setResult(res.data.result);
  };
  const close = () => {
    setResult(null);
    setError(null);
  };

  return (
    <>
      <Button size={size} onClick={send} busy={busy} data-testid="send-test">
        Send test
      </Button>
      <Dialog
        open={result !== null || error !== null}
        onClose={close}
        title={`Test message to ${name}`}
        testId="test-result"
        footer={<Button onClick={close}>Close</Button>}
      >
        {error && <Notice tone="error">{error}</Notice>}
        {result && (
          <div className="space-y-3" data-testid="test-outcome" data-ok={result.ok}>
            {result.ok ? (
              <Notice tone="success" title="Delivered">
                The platform accepted the message{result.statusCode ? ` (HTTP ${result.statusCode}, ${result.durationMs} ms)` : ""}.
              </Notice>
            ) : (
              <Notice tone="error" title="Not delivered">
                <span data-testid="test-error">{result.error}</span>
              </Notice>
            )}
            <div>
              <p className="mb-1 text-xs font-medium text-slate-500">
                Platform answer{result.statusCode !== null ? ` · HTTP ${result.statusCode}` : ""}
              </p>
              <CodeBlock testId="test-response">{result.response || "(no answer)"}</CodeBlock>
            </div>
          </div>
        )}
      </Dialog>
    </>
  );
}
