/**
 * A structural check of Go `text/template` syntax, enough to answer as GARM does when a template
 * does not parse: every `{{` closed on its way, and `if`/`range`/`with`/`define`/`block` balanced
 * by `end` (with `else` only inside them). Returns the error GARM reports, or undefined.
 */
const OPENERS = new Set(["if", "range", "with", "define", "block"]);

export function checkGoTemplate(source: string): string | undefined {
  const stack: { keyword: string; line: number }[] = [];
  let index = 0;
  while (true) {
    const open = source.indexOf("{{", index);
    if (open === -1) break;
    const line = lineOf(source, open);
    const close = findActionEnd(source, open + 2);
    if (close === -1) return `line ${line}: unclosed action`;
    let action = source.slice(open + 2, close);
    index = close + 2;
    action = action.replace(/^-\s/, "").replace(/\s-$/, "").trim();
    if (action.startsWith("/*")) continue;
    if (action === "") return `line ${line}: missing value for command`;
    const keyword = action.split(/\s+/, 1)[0]!;
    if (OPENERS.has(keyword)) {
      stack.push({ keyword, line });
    } else if (keyword === "end") {
      if (!stack.pop()) return `line ${line}: unexpected {{end}}`;
    } else if (keyword === "else") {
      const top = stack[stack.length - 1];
      if (!top || (top.keyword !== "if" && top.keyword !== "range" && top.keyword !== "with")) {
        return `line ${line}: unexpected {{else}}`;
      }
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) return `line ${lineOf(source, source.length)}: unexpected EOF`;
  return undefined;
}

/** Index of the `}}` closing an action, skipping Go string, raw string and char literals. */
function findActionEnd(source: string, from: number): number {
  let i = from;
  while (i < source.length) {
    const ch = source[i];
    if (ch === "}" && source[i + 1] === "}") return i;
    if (ch === "{" && source[i + 1] === "{") return -1;
    if (ch === '"' || ch === "'") {
      i++;
      while (i < source.length && source[i] !== ch) {
        if (source[i] === "\\") i++;
        if (source[i] === "\n") return -1;
        i++;
      }
    } else if (ch === "`") {
      i = source.indexOf("`", i + 1);
      if (i === -1) return -1;
    }
    i++;
  }
  return -1;
}

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}
