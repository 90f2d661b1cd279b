/**
 * YAML text as charmcraft writes it. charmcraft dumps with PyYAML's SafeDumper (YAML 1.1 rules,
 * sequences not indented under their key, single quotes where quoting is needed) after registering
 * a representer that writes every multi-line string as a literal block. metadata.yaml, config.yaml
 * and actions.yaml are written with sorted keys (`yaml.safe_dump`), manifest.yaml in the model's
 * field order (`sort_keys=False`).
 *
 * PyYAML folds long plain and single-quoted scalars its own way (at the first single space past
 * column 80, continuing two columns right of the line's key or dash), which the yaml package's
 * folding does not reproduce: the text is rendered unfolded and folded here by that rule.
 * Known remaining differences, none present in this project's charmcraft.yaml files: PyYAML escapes
 * non-ASCII characters, double-quotes strings that start with a quote or have a space before a
 * line break, and folds double-quoted scalars.
 */
import { Document, type Tags } from "yaml";

export interface DumpOptions {
  readonly sortKeys: boolean;
}

const BEST_WIDTH = 80;
const BOOL_TAG = "tag:yaml.org,2002:bool";
/** PyYAML's YAML 1.1 booleans: unlike the yaml package's 1.1 schema, `y` and `n` are plain strings. */
const PYYAML_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PYYAML_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;

function pyyamlTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag === "string" || tag.tag !== BOOL_TAG || !("test" in tag) || tag.test === undefined)
      return tag;
    return { ...tag, test: tag.test.test("yes") ? PYYAML_TRUE : PYYAML_FALSE };
  });
}
const INDENT = 2;

export function pyyamlDump(value: unknown, options: DumpOptions): string {
  const doc = new Document(value, {
    version: "1.1",
    customTags: pyyamlTags,
    sortMapEntries: options.sortKeys,
  });
  const unfolded = doc.toString({
    indentSeq: false,
    singleQuote: true,
    blockQuote: "literal",
    lineWidth: 0,
    directives: false,
  });
  return foldLines(unfolded);
}

interface ScalarLine {
  /** Column of the line's innermost key or `- ` marker; continuation lines indent two past it. */
  readonly tokenColumn: number;
  /** Column where the scalar value starts. */
  readonly valueColumn: number;
  readonly value: string;
}

const LINE = /^( *)((?:- )*)(.*)$/;
const SIMPLE_KEY = /^([A-Za-z0-9_./-]+): (.+)$/;
const BLOCK_HEADER = /(?:^|: |- )\|[1-9]?[-+]?$/;

function scalarLine(line: string): ScalarLine | undefined {
  const [, spaces = "", dashes = "", rest = ""] = LINE.exec(line) ?? [];
  const keyed = SIMPLE_KEY.exec(rest);
  if (keyed !== null) {
    const tokenColumn = spaces.length + dashes.length;
    const key = keyed[1] ?? "";
    return { tokenColumn, valueColumn: tokenColumn + key.length + 2, value: keyed[2] ?? "" };
  }
  if (dashes.length === 0) return undefined;
  return {
    tokenColumn: spaces.length + dashes.length - 2,
    valueColumn: spaces.length + dashes.length,
    value: rest,
  };
}

/** Breaks a plain or single-quoted scalar the way PyYAML's emitter does. */
function foldScalar({ tokenColumn, valueColumn, value }: ScalarLine): string {
  const quoted = value.startsWith("'");
  if (!quoted && /^["|>[{&*!]/.test(value)) return value;
  const indent = " ".repeat(tokenColumn + INDENT);
  let out = "";
  let column = valueColumn;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    const singleSpace = char === " " && value[i - 1] !== " " && value[i + 1] !== " ";
    const inner = !quoted || (i > 1 && i < value.length - 2);
    if (singleSpace && inner && column > BEST_WIDTH) {
      out += `\n${indent}`;
      column = indent.length;
      continue;
    }
    out += char;
    column += 1;
  }
  return out;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function foldLines(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let blockTokenColumn: number | undefined;
  for (const line of lines) {
    if (blockTokenColumn !== undefined) {
      if (line === "" || indentOf(line) > blockTokenColumn) {
        out.push(line);
        continue;
      }
      blockTokenColumn = undefined;
    }
    const scalar = scalarLine(line);
    if (scalar === undefined) {
      out.push(line);
      continue;
    }
    if (BLOCK_HEADER.test(line)) {
      blockTokenColumn = scalar.tokenColumn;
      out.push(line);
      continue;
    }
    out.push(line.slice(0, scalar.valueColumn) + foldScalar(scalar));
  }
  return out.join("\n");
}
