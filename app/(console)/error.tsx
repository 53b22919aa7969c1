"use client";

import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

// A page whose data could not load (MySQL or Redis down, a bug): say so and offer a retry, keep the layout.
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl py-10" data-testid="page-error">
      <Notice tone="error" title="This page could not be loaded">
        <p>A backing service may be unavailable, or something went wrong on the server. Try again in a moment.</p>
        {error.digest && <p className="mt-1 font-mono text-xs opacity-70">Reference: {error.digest}</p>}
      </Notice>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
