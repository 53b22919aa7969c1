import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { AuditEntry } from "@/lib/db/schema/audit-log";

const tone = (action: string): BadgeTone =>
  /cancel|disable|delete|resolve/.test(action) ? "amber" : /retry|run_now|enable|create/.test(action) ? "indigo" : "gray";

function objectLink(e: AuditEntry) {
  if (!e.objectId) return <span className="text-slate-400">—</span>;
  if (e.objectType === "task") return <Link href={`/tasks/${e.objectId}`} className="font-mono text-xs text-indigo-700 hover:underline">{e.objectId}</Link>;
  if (e.objectType === "bulk_job") return <Link href={`/tasks?bulkJob=${e.objectId}`} className="text-xs text-indigo-700 hover:underline">bulk job {e.objectId}</Link>;
  return <span className="text-xs">{e.objectType} <span className="font-mono">{e.objectId}</span></span>;
}

function details(d: Record<string, unknown> | null) {
  if (!d) return null;
  const parts = Object.entries(d).map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
  const text = parts.join(" · ");
  return <span className="block max-w-[28rem] truncate text-xs text-slate-600" title={text}>{text}</span>;
}

export function AuditTable({ items }: { items: AuditEntry[] }) {
  if (items.length === 0) return <EmptyState title="No entries">Actions taken in the console and through the API are recorded here.</EmptyState>;
  return (
    <Table data-testid="audit-table">
      <thead>
        <tr>
          <Th>When</Th>
          <Th>Who</Th>
          <Th>Action</Th>
          <Th>Object</Th>
          <Th>Details</Th>
        </tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <Tr key={e.id} data-testid="audit-row" data-action={e.action}>
            <Td className="text-xs whitespace-nowrap"><LocalTime iso={e.createdAt.toISOString()} /></Td>
            <Td className="text-sm whitespace-nowrap">{e.actor.replace(/^user:/, "")}</Td>
            <Td><Badge tone={tone(e.action)}>{e.action}</Badge></Td>
            <Td>{objectLink(e)}</Td>
            <Td>{details(e.details)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
