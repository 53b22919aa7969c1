import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import en from "../../messages/en.json";
import zh from "../../messages/zh-CN.json";
import { untranslatedWords } from "./allowed-latin";

// Every language's catalogue has exactly the keys of the others, and every key the code asks for exists.

type Tree = { [key: string]: string | Tree };
const root = path.resolve(import.meta.dirname, "../..");

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === "string") out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

function lookup(tree: Tree, key: string): string | Tree | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
  return node;
}

/** A message's arguments (`plural` ones marked: a language without plurals may leave them out) and its literal text. */
function icu(msg: string): { args: Map<string, "plain" | "plural">; text: string } {
  const args = new Map<string, "plain" | "plural">();
  let text = "";
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.literal) text += el.value;
      else if (el.type === TYPE.tag) walk(el.children);
      else if (el.type === TYPE.plural || el.type === TYPE.select) {
        if (!args.has(el.value)) args.set(el.value, el.type === TYPE.plural ? "plural" : "plain");
        for (const opt of Object.values(el.options)) walk(opt.value);
      } else if ("value" in el) args.set(el.value, "plain");
      text += " ";
    }
  };
  walk(parse(msg));
  return { args, text };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [p] : [];
  });
}

/** t("key") / t.rich("key") calls of every translator a file binds with useTranslations/getTranslations. */
export function usedKeys(source: string): { key: string; prefixOnly: boolean }[] {
  const used: { key: string; prefixOnly: boolean }[] = [];
  const bindings = [...source.matchAll(/(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations)\(\s*(?:"([^"]*)")?\s*\)/g)];
  bindings.forEach((binding, i) => {
    const [, name, ns] = binding;
    const prefix = ns ? `${ns}.` : "";
    // A binding's calls run up to the next binding of the same name (each component binds its own `t`).
    const next = bindings.slice(i + 1).find((b) => b[1] === name);
    const scope = source.slice(binding.index, next?.index ?? source.length);
    for (const m of scope.matchAll(new RegExp(`(?<![\\w.])${name}(?:\\.rich|\\.markup)?\\(\\s*(?:"([^"]+)"|\`([^\`$]*)\\$\\{)`, "g"))) {
      if (m[1] !== undefined) used.push({ key: prefix + m[1], prefixOnly: false });
      // A computed key such as t(`roles.${role}`): its fixed part must name a group of the catalogue.
      else if (m[2] !== undefined) used.push({ key: (prefix + m[2]).replace(/\.$/, ""), prefixOnly: true });
    }
  });
  // Page titles: pageTitle("tasks") reads titles.tasks (lib/i18n/page-title.ts).
  for (const m of source.matchAll(/pageTitle\("([^"]+)"\)/g)) used.push({ key: `titles.${m[1]}`, prefixOnly: false });
  return used;
}

describe("message catalogues", () => {
  const enKeys = leaves(en as Tree);
  const zhKeys = leaves(zh as Tree);

  it("have the same keys in every language", () => {
    expect([...zhKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys.keys()].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it("have no empty message and the same arguments in both languages", () => {
    for (const [key, msg] of enKeys) {
      const other = zhKeys.get(key) ?? "";
      expect(msg.trim(), key).not.toBe("");
      expect(other.trim(), key).not.toBe("");
      const mine = icu(msg).args;
      const theirs = icu(other).args;
      // Every argument the code passes is used (plural counts may be dropped), and none is invented.
      expect([...theirs.keys()].filter((a) => !mine.has(a)), key).toEqual([]);
      expect([...mine].filter(([a, kind]) => kind === "plain" && !theirs.has(a)).map(([a]) => a), key).toEqual([]);
    }
  });

  it("have no untranslated Latin words in Chinese", () => {
    // Placeholders show examples of user data (e.g. a URL path), which stays as it is.
    const bad = [...zhKeys].filter(([key, msg]) => !key.endsWith("Placeholder") && untranslatedWords(icu(msg).text).length > 0);
    expect(bad).toEqual([]);
  });

  it("hold every key the code asks for", () => {
    const files = ["app", "components", "lib"].flatMap((d) => sourceFiles(path.join(root, d)));
    const missing: string[] = [];
    let count = 0;
    for (const file of files) {
      for (const { key, prefixOnly } of usedKeys(readFileSync(file, "utf8"))) {
        count++;
        const node = lookup(en as Tree, key);
        if (prefixOnly ? typeof node !== "object" : typeof node !== "string") missing.push(`${path.relative(root, file)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
    // The scan itself must see the calls (a regex gone blind would pass vacuously).
    expect(count).toBeGreaterThan(20);
  });

  it("finds keys in a translator's calls", () => {
    const src = `const t = useTranslations("nav"); t("overview"); t.rich("x", {}); t(\`roles.\${r}\`); const g = await getTranslations(); g("a.b");`;
    expect(usedKeys(src)).toEqual([
      { key: "nav.overview", prefixOnly: false },
      { key: "nav.x", prefixOnly: false },
      { key: "nav.roles", prefixOnly: true },
      { key: "a.b", prefixOnly: false },
    ]);
  });
});
