// A bash lexer reduced to one question, for tests: which characters of a script are inert data
// (inside single quotes, or in the body of a heredoc with a quoted delimiter) and which are code
// or subject to expansion (everything else, including double quotes and unquoted heredocs).
// It understands the constructs the rendered scripts use: quotes, backslash escapes, $( ) and
// $(( )) nesting, comments, and heredocs (<<WORD, <<'WORD', <<-WORD).

export interface ScanResult {
  /** inert[i] is true when character i cannot be executed or expanded by bash. */
  readonly inert: boolean[];
}

interface PendingHeredoc {
  readonly delimiter: string;
  readonly quoted: boolean;
  readonly stripTabs: boolean;
}

export class ShellScanError extends Error {
  override readonly name = "ShellScanError";
}

export function scanShell(script: string): ScanResult {
  const inert = new Array<boolean>(script.length).fill(false);
  const pending: PendingHeredoc[] = [];
  let index = 0;

  const readHeredocBodies = (): void => {
    // index points just after a newline: bodies of pending heredocs follow, in order.
    while (pending.length > 0) {
      const doc = pending.shift()!;
      for (;;) {
        if (index >= script.length) {
          throw new ShellScanError(`heredoc ${doc.delimiter} is not terminated`);
        }
        const lineEnd = script.indexOf("\n", index);
        const end = lineEnd < 0 ? script.length : lineEnd;
        const line = script.slice(index, end);
        const candidate = doc.stripTabs ? line.replace(/^\t+/, "") : line;
        if (candidate === doc.delimiter) {
          index = end + 1;
          break;
        }
        for (let i = index; i <= end && i < script.length; i++) {
          inert[i] = doc.quoted;
        }
        index = end + 1;
      }
    }
  };

  const atWordStart = (at: number): boolean => at === 0 || /[\s;&|()]/.test(script[at - 1] ?? "");

  const scanCode = (closing: ")" | undefined): void => {
    let depth = 0;
    while (index < script.length) {
      const char = script[index]!;
      if (char === "\n") {
        index += 1;
        readHeredocBodies();
        continue;
      }
      if (char === "'") {
        const close = script.indexOf("'", index + 1);
        if (close < 0) throw new ShellScanError("unterminated single quote");
        for (let i = index + 1; i < close; i++) inert[i] = true;
        index = close + 1;
        continue;
      }
      if (char === '"') {
        index += 1;
        scanDoubleQuoted();
        continue;
      }
      if (char === "\\") {
        index += 2;
        continue;
      }
      if (char === "`") {
        throw new ShellScanError("backquote command substitution is not expected in rendered scripts");
      }
      if (char === "$" && script[index + 1] === "(") {
        index += 2;
        scanCode(")");
        continue;
      }
      if (char === "#" && atWordStart(index)) {
        const lineEnd = script.indexOf("\n", index);
        index = lineEnd < 0 ? script.length : lineEnd;
        continue;
      }
      if (char === "<" && script[index + 1] === "<" && script[index + 2] !== "<") {
        index = readHeredocOperator(index + 2);
        continue;
      }
      if (closing !== undefined && char === "(") {
        depth += 1;
      } else if (closing !== undefined && char === ")") {
        if (depth === 0) {
          index += 1;
          return;
        }
        depth -= 1;
      }
      index += 1;
    }
    if (closing !== undefined) throw new ShellScanError("unterminated $(");
  };

  const scanDoubleQuoted = (): void => {
    while (index < script.length) {
      const char = script[index]!;
      if (char === '"') {
        index += 1;
        return;
      }
      if (char === "\\") {
        index += 2;
        continue;
      }
      if (char === "`") {
        throw new ShellScanError("backquote command substitution is not expected in rendered scripts");
      }
      if (char === "$" && script[index + 1] === "(") {
        index += 2;
        scanCode(")");
        continue;
      }
      index += 1;
    }
    throw new ShellScanError("unterminated double quote");
  };

  const readHeredocOperator = (start: number): number => {
    let at = start;
    const stripTabs = script[at] === "-";
    if (stripTabs) at += 1;
    while (script[at] === " " || script[at] === "\t") at += 1;
    const quotedWord = /^'([^']*)'|^"([^"]*)"/.exec(script.slice(at));
    if (quotedWord !== null) {
      pending.push({ delimiter: quotedWord[1] ?? quotedWord[2] ?? "", quoted: true, stripTabs });
      return at + quotedWord[0].length;
    }
    const bareWord = /^[A-Za-z0-9_]+/.exec(script.slice(at));
    if (bareWord === null) throw new ShellScanError("heredoc operator without a delimiter word");
    pending.push({ delimiter: bareWord[0], quoted: false, stripTabs });
    return at + bareWord[0].length;
  };

  scanCode(undefined);
  if (pending.length > 0) throw new ShellScanError("heredoc operator on the last line has no body");
  return { inert };
}

/** Every occurrence of `needle` in `script` lies entirely in inert text (true when absent). */
export function occursOnlyInert(script: string, needle: string): boolean {
  const { inert } = scanShell(script);
  for (let at = script.indexOf(needle); at >= 0; at = script.indexOf(needle, at + 1)) {
    for (let i = at; i < at + needle.length; i++) {
      if (!inert[i]) return false;
    }
  }
  return true;
}
