import { cn } from "./cn";

/** Preformatted text (JSON, response bodies), scrollable, never wider than its card; data, so never translated. */
export function CodeBlock({ children, className, testId }: { children: React.ReactNode; className?: string; testId?: string }) {
  return (
    <pre
      tabIndex={0}
      data-testid={testId}
      data-i18n-exempt
      translate="no"
      className={cn("max-h-80 overflow-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-xs leading-relaxed whitespace-pre-wrap text-slate-100", className)}
    >
      {children}
    </pre>
  );
}

export const prettyJson = (v: unknown) => JSON.stringify(v, null, 2);
