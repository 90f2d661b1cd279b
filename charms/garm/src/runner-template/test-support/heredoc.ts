/**
 * The heredoc opened on the first line starting with `openingPrefix` (which ends in `<<'WORD'`):
 * returns the opening line, the body and the delimiter, following bash's rule that the body ends
 * at the first line equal to the delimiter.
 */
export function extractHeredoc(
  script: string,
  openingPrefix: string,
): { opening: string; body: string; delimiter: string; text: string } {
  const lines = script.split("\n");
  const start = lines.findIndex((line) => line.startsWith(openingPrefix));
  if (start < 0) throw new Error(`no line starts with ${openingPrefix}`);
  const opening = lines[start] ?? "";
  const match = /<<'([^']+)'$/.exec(opening);
  if (match === null) throw new Error(`line ${opening} does not open a quoted heredoc`);
  const delimiter = match[1] ?? "";
  const end = lines.findIndex((line, index) => index > start && line === delimiter);
  if (end < 0) throw new Error(`heredoc ${delimiter} is not terminated`);
  const bodyLines = lines.slice(start + 1, end);
  return {
    opening,
    delimiter,
    body: bodyLines.length === 0 ? "" : `${bodyLines.join("\n")}\n`,
    text: lines.slice(start, end + 1).join("\n") + "\n",
  };
}
