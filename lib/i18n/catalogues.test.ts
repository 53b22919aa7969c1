import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
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

const argNames = (msg: string) => [...msg.matchAll(/\{\s*(\w+)/g)].map((m) => m[1]).sort();

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
  const bindings = source.matchAll(/(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations)\(\s*(?:"([^"]*)")?\s*\)/g);
  for (const [, name, ns] of bindings) {
    const prefix = ns ? `${ns}.` : "";
    for (const m of source.matchAll(new RegExp(`(?<![\\w.])${name}(?:\\.rich|\\.markup)?\\(\\s*(?:"([^"]+)"|\`([^\`$]*)\\$\\{)`, "g"))) {
      if (m[1] !== undefined) used.push({ key: prefix + m[1], prefixOnly: false });
      // A computed key such as t(`roles.${role}`): its fixed part must name a group of the catalogue.
      else if (m[2] !== undefined) used.push({ key: prefix + m[2].replace(/\.$/, ""), prefixOnly: true });
    }
  }
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
      expect(argNames(other), key).toEqual(argNames(msg));
    }
  });

  it("have no untranslated Latin words in Chinese", () => {
    const bad = [...zhKeys].filter(([, msg]) => untranslatedWords(msg.replace(/<\/?\w+>/g, " ")).length > 0);
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
