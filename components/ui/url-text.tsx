import { cn } from "./cn";

/** Host and path of a URL for a narrow cell (the query goes to the tooltip); the raw text when it does not parse. */
function parts(raw: string): { host: string; path: string } {
  try {
    const u = new URL(raw);
    return { host: u.host, path: `${u.pathname}${u.search ? "?…" : ""}` };
  } catch {
    return { host: "", path: raw };
  }
}

/**
 * A URL in a table cell: the host small, the path beside it, both cut with an ellipsis when the cell is narrow.
 * The full URL is one hover away (title) and one focus away (the element is focusable and its outline shows it).
 */
export function UrlText({ url, className, hostFromWide = false }: { url: string; className?: string; /** Host shown only on wide screens (the tooltip keeps it). */ hostFromWide?: boolean }) {
  const { host, path } = parts(url);
  return (
    <span
      tabIndex={0}
      title={url}
      aria-label={url}
      data-i18n-exempt
      data-testid="url-text"
      className={cn("block min-w-0 truncate rounded font-mono text-xs focus:whitespace-normal focus:break-all focus:outline-2 focus:outline-indigo-400", className)}
    >
      {host && <span className={cn("text-slate-400", hostFromWide && "hidden 2xl:inline")}>{host}</span>}
      <span className="text-slate-800">{path}</span>
    </span>
  );
}
