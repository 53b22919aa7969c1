import { cn } from "./cn";

// Plain table primitives with the console's look; TanStack Table (or a simple map) supplies the rows.
export function Table({ className, children, ...rest }: React.TableHTMLAttributes<HTMLTableElement>) {
  return (
    <div className="overflow-x-auto">
      <table className={cn("min-w-full divide-y divide-slate-200 text-sm", className)} {...rest}>
        {children}
      </table>
    </div>
  );
}

export function Th({ className, children, ...rest }: React.ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th scope="col" className={cn("bg-slate-50 px-2.5 py-2 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase", className)} {...rest}>
      {children}
    </th>
  );
}

export function Td({ className, children, ...rest }: React.TdHTMLAttributes<HTMLTableCellElement>) {
  return (
    <td className={cn("px-2.5 py-2 align-middle text-slate-700", className)} {...rest}>
      {children}
    </td>
  );
}

export function Tr({ className, children, ...rest }: React.HTMLAttributes<HTMLTableRowElement>) {
  return (
    <tr className={cn("border-t border-slate-100 hover:bg-slate-50/60", className)} {...rest}>
      {children}
    </tr>
  );
}
