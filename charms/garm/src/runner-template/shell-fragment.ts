import { createHash } from "node:crypto";

// Scripts are assembled from template text and ShellFragments only. A ShellFragment can be made
// by quoting a value, by filling a template, by joining fragments or as a quoted heredoc, so no
// caller can splice a raw input string into a script: everything from input went through quoting.

const PLACEHOLDER = /@@([A-Z][A-Z0-9_]*)@@/g;
const PLACEHOLDER_ONLY_LINE = /^[ \t]*@@([A-Z][A-Z0-9_]*)@@[ \t]*$/;
const DELIMITER_BASE = /^[A-Z][A-Z0-9_]*$/;

const SEPARATORS = {
  /** Arguments on one line. */
  space: " ",
  /** Arguments continued over several lines. */
  continuation: " \\\n    ",
  /** Consecutive lines. */
  line: "\n",
  /** Sections separated by an empty line. */
  section: "\n\n",
  /** Elements of an nft set. */
  comma: ", ",
} as const;

export type Separator = keyof typeof SEPARATORS;

/** A template was filled with the wrong set of values: a bug in this module, not bad input. */
export class TemplateBindingError extends Error {
  override readonly name = "TemplateBindingError";
}

export class ShellFragment {
  static readonly empty = new ShellFragment("");

  private constructor(readonly text: string) {}

  /** One shell word in single quotes: nothing inside expands, `'` becomes `'\''`. */
  static quote(value: string): ShellFragment {
    if (value.includes("\u0000")) {
      // Shell words cannot carry NUL; validation rejects it before values get here.
      throw new TemplateBindingError("a NUL character cannot be shell-quoted");
    }
    return new ShellFragment(`'${value.replaceAll("'", `'\\''`)}'`);
  }

  /**
   * Fills `@@NAME@@` placeholders in one pass (inserted text is never scanned again). A line that
   * holds only a placeholder whose fragment is empty disappears. One leading and one trailing
   * newline of the template are dropped, so templates can be written as indented-free blocks.
   */
  static render(template: string, values: Readonly<Record<string, ShellFragment>>): ShellFragment {
    const body = template.replace(/^\n/, "").replace(/\n$/, "");
    const used = new Set<string>();
    const lookup = (name: string): ShellFragment => {
      const fragment = values[name];
      if (fragment === undefined) {
        throw new TemplateBindingError(`template placeholder @@${name}@@ has no value`);
      }
      used.add(name);
      return fragment;
    };
    const lines: string[] = [];
    for (const line of body.split("\n")) {
      const only = PLACEHOLDER_ONLY_LINE.exec(line);
      if (only !== null && lookup(only[1] ?? "").text === "") {
        continue;
      }
      lines.push(line.replace(PLACEHOLDER, (_match, name: string) => lookup(name).text));
    }
    const unused = Object.keys(values).filter((name) => !used.has(name));
    if (unused.length > 0) {
      throw new TemplateBindingError(`values without a placeholder: ${unused.join(", ")}`);
    }
    return new ShellFragment(lines.join("\n"));
  }

  /** Joins non-empty fragments; empty ones are skipped so optional parts leave no gaps. */
  static join(parts: readonly ShellFragment[], separator: Separator): ShellFragment {
    return new ShellFragment(
      parts
        .filter((part) => part.text !== "")
        .map((part) => part.text)
        .join(SEPARATORS[separator]),
    );
  }

  /**
   * Embeds arbitrary text through a quoted heredoc. The delimiter derives from the content's hash
   * (byte-stable across reconciles) and is then lengthened until no line of the content equals
   * it, which is the only way a heredoc ends early; the quoted form means nothing in it expands.
   */
  static quotedHeredoc(content: string, delimiterBase: string): QuotedHeredoc {
    if (!DELIMITER_BASE.test(delimiterBase)) {
      throw new TemplateBindingError(`heredoc delimiter base ${delimiterBase} is not an upper-case word`);
    }
    if (content.includes("\u0000")) {
      throw new TemplateBindingError("a NUL character cannot be embedded in a heredoc");
    }
    const text = content.endsWith("\n") ? content.slice(0, -1) : content;
    const digest = createHash("sha256").update(text).digest("hex").slice(0, 12).toUpperCase();
    const delimiter = lengthenUntilNoLineEquals(`${delimiterBase}_${digest}`, text);
    return { delimiter: new ShellFragment(delimiter), body: new ShellFragment(text) };
  }
}

export interface QuotedHeredoc {
  /** The delimiter word, to be written as `<<'@@DELIM@@'` and alone on the closing line. */
  readonly delimiter: ShellFragment;
  /** The content without its final newline; the template puts the closing line after it. */
  readonly body: ShellFragment;
}

/** Appends `_` to `candidate` until no line of `text` equals it (bash splits lines at "\n" only). */
export function lengthenUntilNoLineEquals(candidate: string, text: string): string {
  const lines = new Set(text.split("\n"));
  let delimiter = candidate;
  while (lines.has(delimiter)) {
    delimiter += "_";
  }
  return delimiter;
}
