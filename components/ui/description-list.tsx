import { cn } from "./cn";

/** Label/value pairs, as a real <dl> so assistive tech reads them as such. */
export function DescriptionList({ items, columns = 2, className }: { items: { label: React.ReactNode; value: React.ReactNode; wide?: boolean }[]; columns?: 1 | 2; className?: string }) {
  return (
    <dl className={cn("grid grid-cols-1 gap-x-6 gap-y-3 text-sm", columns === 2 && "sm:grid-cols-2", className)}>
      {items.map((item, i) => (
        <div key={i} className={cn("min-w-0", item.wide && "sm:col-span-2")}>
          <dt className="text-xs font-medium text-slate-500">{item.label}</dt>
          <dd className="mt-0.5 break-words text-slate-900 [overflow-wrap:anywhere]">{item.value ?? <span className="text-slate-400">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}
