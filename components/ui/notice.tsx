import { cn } from "./cn";

const tones = {
  info: "bg-sky-50 text-sky-900 ring-sky-200",
  success: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
  error: "bg-rose-50 text-rose-900 ring-rose-200",
} as const;

/**
 * An inline message. Errors are announced at once (role="alert"); the rest politely (role="status").
 * Tests should find it by its data-testid, since Next's route announcer also has role="alert".
 */
export function Notice({ tone = "info", title, className, children, ...rest }: { tone?: keyof typeof tones; title?: React.ReactNode } & React.HTMLAttributes<HTMLDivElement>) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cn("rounded-md px-3 py-2 text-sm ring-1 ring-inset", tones[tone], className)} {...rest}>
      {title && <p className="font-medium">{title}</p>}
      {children && <div className={cn(title && "mt-0.5")}>{children}</div>}
    </div>
  );
}
