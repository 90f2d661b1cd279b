/**
 * What each package entry loads. The root entry must not reach the Pebble client or undici, so a
 * charm without containers never loads an HTTP client and its bundle holds none. The walk follows
 * every import a bundler keeps (static, re-exports, dynamic `import()`); `import type` and
 * `export type` are erased and skipped.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = dirname(fileURLToPath(import.meta.url));
const PACKAGE = dirname(SRC);

interface Graph {
  /** Files of this package reached, relative to src/. */
  readonly files: Set<string>;
  /** Bare specifiers reached (packages and node: builtins). */
  readonly external: Set<string>;
}

function keptSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && node.importClause?.isTypeOnly !== true) {
      specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier !== undefined) {
      specifiers.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      specifiers.push(argument !== undefined && ts.isStringLiteral(argument) ? argument.text : "<computed>");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

function walk(entry: string): Graph {
  const graph: Graph = { files: new Set(), external: new Set() };
  const pending = [resolve(PACKAGE, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    const name = relative(SRC, file);
    if (graph.files.has(name)) continue;
    graph.files.add(name);
    for (const specifier of keptSpecifiers(file)) {
      if (specifier.startsWith(".")) pending.push(join(dirname(file), specifier.replace(/\.js$/, ".ts")));
      else graph.external.add(specifier);
    }
  }
  return graph;
}

const exportsMap = (
  JSON.parse(readFileSync(join(PACKAGE, "package.json"), "utf8")) as {
    exports: Record<string, string>;
  }
).exports;

function entryFile(subpath: string): string {
  const file = exportsMap[subpath];
  if (file === undefined) throw new Error(`package.json has no export ${subpath}`);
  return file;
}

/** The HTTP client, either way it can be imported. */
const HTTP_CLIENTS = ["undici", "@garm-charms/undici-core"];

describe("package entries", () => {
  it("the root entry never reaches the Pebble client or undici", () => {
    const root = walk(entryFile("."));
    expect([...root.external].filter((name) => HTTP_CLIENTS.includes(name))).toEqual([]);
    expect([...root.files].filter((file) => file.startsWith("pebble/"))).toEqual([]);
    expect(root.files).toContain("model/hook-context.ts");
  });

  it("the internal entry does not reach them either (the harness plumbing needs no HTTP)", () => {
    const internal = walk(entryFile("./internal"));
    expect([...internal.external].filter((name) => HTTP_CLIENTS.includes(name))).toEqual([]);
    expect([...internal.files].filter((file) => file.startsWith("pebble/"))).toEqual([]);
  });

  it("the pebble entry is where undici is (the walk does see it)", () => {
    const pebble = walk(entryFile("./pebble"));
    expect(pebble.external).toContain("@garm-charms/undici-core");
    expect(pebble.files).toContain("pebble/client.ts");
  });

  it("no entry imports a computed path, which a bundler could not follow", () => {
    for (const subpath of Object.keys(exportsMap)) {
      expect([...walk(entryFile(subpath)).external]).not.toContain("<computed>");
    }
  });
});
