import { describe, expect, it } from "vitest";
import { renderExposition } from "./exposition.js";

describe("renderExposition", () => {
  it("writes HELP, TYPE and samples, escaping label values", () => {
    const text = renderExposition([
      {
        name: "held_total",
        help: "Held total.\nSecond line \\",
        type: "gauge",
        samples: [{ labels: { flavor: 'a"b\\c\nd' }, value: 3 }, { value: Infinity }],
      },
    ]);
    expect(text).toBe(
      "# HELP held_total Held total.\\nSecond line \\\\\n" +
        "# TYPE held_total gauge\n" +
        'held_total{flavor="a\\"b\\\\c\\nd"} 3\n' +
        "held_total +Inf\n",
    );
  });
});
