// PromQL words that are not metric names: aggregation modifiers, set and vector-matching operators.
const keywords = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan"]);

/**
 * The metric names a PromQL expression (or a Grafana `label_values(metric, label)` query) selects. A plain reading
 * of the grammar, enough for dashboards: strings, label matchers, ranges, Grafana variables and the label lists of
 * by/without/on/ignoring are removed; what is left that is not a function call or a keyword is a metric name.
 */
export function metricNames(expr: string): string[] {
  const lv = /^\s*label_values\(\s*([a-zA-Z_:][\w:]*)/.exec(expr);
  if (lv) return [lv[1]!];
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\$\{?\w+\}?/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ")
    .replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/gi, " ");
  const names = new Set<string>();
  for (const m of bare.matchAll(/[a-zA-Z_:][\w:]*/g)) {
    const after = bare.slice(m.index! + m[0].length);
    if (/^\s*\(/.test(after) || keywords.has(m[0].toLowerCase())) continue;
    names.add(m[0]);
  }
  return [...names];
}

/** Every PromQL query in a Grafana dashboard's JSON model: panel targets' `expr` and query variables' queries. */
export function dashboardQueries(model: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, key?: string) => {
    if (typeof node === "string") {
      if (key === "expr" || key === "definition") out.push(node);
      return;
    }
    if (Array.isArray(node)) return node.forEach((n) => walk(n));
    if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        // A query variable's query is a string or { query: "…" }.
        if (k === "query" && (node as { type?: string }).type === "query") walk(typeof v === "string" ? v : (v as { query?: string }).query, "expr");
        else walk(v, k);
      }
    }
  };
  walk(model);
  return out;
}

/** The metric names a Prometheus text exposition offers, with a histogram's and summary's series suffixes. */
export function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\w+)$/gm)) {
    const [, name, type] = m as unknown as [string, string, string];
    names.add(name);
    if (type === "histogram") for (const s of ["_bucket", "_sum", "_count"]) names.add(name + s);
    if (type === "summary") for (const s of ["_sum", "_count"]) names.add(name + s);
  }
  return names;
}
