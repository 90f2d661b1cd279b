// A small executor for the subset of Go's text/template that runner-install templates use, for
// tests only: it lexes like Go (an action starts at the first "{{", ends at "}}" outside string
// literals, "{{- " and " -}}" trim whitespace, any other character inside an action is an
// error), prints string literals and fields, and runs if/else/end on field truthiness.
// A template Go would refuse to parse makes it throw.

export class GoTemplateParseError extends Error {
  override readonly name = "GoTemplateParseError";
}

type Token =
  | { kind: "string"; value: string }
  | { kind: "field"; name: string }
  | { kind: "word"; value: string }
  | { kind: "comment" };

interface Action {
  readonly tokens: Token[];
  readonly trimLeft: boolean;
  readonly trimRight: boolean;
  readonly end: number;
}

/** Executes `template`; fields resolve from `data`, or to the word `garm-<Field>` when absent. */
export function executeGoTemplate(template: string, data: Readonly<Record<string, string>> = {}): string {
  const pieces: string[] = [];
  // Each frame says whether output is currently emitted and whether an else was seen.
  const stack: { emitting: boolean; seenElse: boolean }[] = [];
  const emitting = (): boolean => stack.every((frame) => frame.emitting);
  let position = 0;
  let trimNextText = false;
  while (position <= template.length) {
    const open = template.indexOf("{{", position);
    let text = template.slice(position, open < 0 ? template.length : open);
    if (trimNextText) {
      text = text.replace(/^\s+/, "");
    }
    if (open < 0) {
      if (emitting()) pieces.push(text);
      break;
    }
    const action = lexAction(template, open);
    if (action.trimLeft) {
      text = text.replace(/\s+$/, "");
    }
    if (emitting()) pieces.push(text);
    trimNextText = action.trimRight;
    position = action.end;
    runAction(action.tokens, data, stack, pieces, emitting);
  }
  if (stack.length > 0) {
    throw new GoTemplateParseError("unexpected EOF: an if block is not closed");
  }
  return pieces.join("");
}

function runAction(
  tokens: Token[],
  data: Readonly<Record<string, string>>,
  stack: { emitting: boolean; seenElse: boolean }[],
  pieces: string[],
  emitting: () => boolean,
): void {
  const [first, ...rest] = tokens;
  if (first === undefined) {
    throw new GoTemplateParseError("missing value for command");
  }
  if (first.kind === "comment") {
    return;
  }
  if (first.kind === "word" && first.value === "if") {
    stack.push({ emitting: evaluateCondition(rest, data), seenElse: false });
    return;
  }
  if (first.kind === "word" && first.value === "else") {
    const frame = stack.at(-1);
    if (frame === undefined || frame.seenElse) {
      throw new GoTemplateParseError("unexpected {{else}}");
    }
    frame.emitting = !frame.emitting;
    frame.seenElse = true;
    return;
  }
  if (first.kind === "word" && first.value === "end") {
    if (stack.pop() === undefined) {
      throw new GoTemplateParseError("unexpected {{end}}");
    }
    return;
  }
  if (rest.length > 0) {
    throw new GoTemplateParseError("only single-value actions are supported by this executor");
  }
  if (!emitting()) {
    return;
  }
  if (first.kind === "string") {
    pieces.push(first.value);
  } else if (first.kind === "field") {
    pieces.push(fieldValue(first.name, data));
  } else {
    throw new GoTemplateParseError(`function "${first.value}" not defined`);
  }
}

function evaluateCondition(tokens: Token[], data: Readonly<Record<string, string>>): boolean {
  const [operator, ...operands] = tokens;
  if (operator === undefined) {
    throw new GoTemplateParseError("missing value for if");
  }
  const truthy = (token: Token): boolean => {
    if (token.kind === "field") return fieldValue(token.name, data) !== "";
    if (token.kind === "string") return token.value !== "";
    throw new GoTemplateParseError("unsupported condition operand");
  };
  if (operator.kind === "word") {
    if (operator.value === "or") return operands.some(truthy);
    if (operator.value === "and") return operands.every(truthy);
    if (operator.value === "not" && operands[0] !== undefined) return !truthy(operands[0]);
    throw new GoTemplateParseError(`function "${operator.value}" not defined`);
  }
  return truthy(operator);
}

function fieldValue(name: string, data: Readonly<Record<string, string>>): string {
  return data[name] ?? `garm-${name}`;
}

function lexAction(template: string, open: number): Action {
  let index = open + 2;
  let trimLeft = false;
  if (template[index] === "-" && /\s/.test(template[index + 1] ?? "")) {
    trimLeft = true;
    index += 1;
  }
  const tokens: Token[] = [];
  const commentStart = template.slice(index).match(/^\s*\/\*/);
  if (commentStart !== null) {
    const close = template.indexOf("*/", index);
    if (close < 0) throw new GoTemplateParseError("unclosed comment");
    index = close + 2;
    tokens.push({ kind: "comment" });
  }
  for (;;) {
    const char = template[index];
    if (char === undefined) {
      throw new GoTemplateParseError("unclosed action");
    }
    if (/\s/.test(char)) {
      const rest = template.slice(index);
      const trimmed = /^\s+-}}/.exec(rest);
      if (trimmed !== null) {
        return { tokens, trimLeft, trimRight: true, end: index + trimmed[0].length };
      }
      index += 1;
      continue;
    }
    if (template.startsWith("}}", index)) {
      return { tokens, trimLeft, trimRight: false, end: index + 2 };
    }
    if (tokens.some((token) => token.kind === "comment")) {
      throw new GoTemplateParseError("comment ends before closing delimiter");
    }
    if (char === '"') {
      const { value, end } = lexString(template, index);
      tokens.push({ kind: "string", value });
      index = end;
      continue;
    }
    if (char === "`") {
      const close = template.indexOf("`", index + 1);
      if (close < 0) throw new GoTemplateParseError("unterminated raw quoted string");
      tokens.push({ kind: "string", value: template.slice(index + 1, close) });
      index = close + 1;
      continue;
    }
    const field = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(template.slice(index));
    if (field !== null) {
      tokens.push({ kind: "field", name: field[1] ?? "" });
      index += field[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(template.slice(index));
    if (word !== null) {
      tokens.push({ kind: "word", value: word[0] });
      index += word[0].length;
      continue;
    }
    throw new GoTemplateParseError(`unexpected "${char}" in command`);
  }
}

function lexString(template: string, start: number): { value: string; end: number } {
  let value = "";
  let index = start + 1;
  for (;;) {
    const char = template[index];
    if (char === undefined || char === "\n") {
      throw new GoTemplateParseError("unterminated quoted string");
    }
    if (char === '"') {
      return { value, end: index + 1 };
    }
    if (char === "\\") {
      const next = template[index + 1];
      const escapes: Record<string, string> = { n: "\n", t: "\t", "\\": "\\", '"': '"' };
      const replacement = next === undefined ? undefined : escapes[next];
      if (replacement === undefined) throw new GoTemplateParseError("unsupported escape in string");
      value += replacement;
      index += 2;
      continue;
    }
    value += char;
    index += 1;
  }
}
