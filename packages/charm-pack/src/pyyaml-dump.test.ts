import { describe, expect, it } from "vitest";

import { pyyamlDump } from "./pyyaml-dump.js";

const LONG = `${"word ".repeat(25)}end`;

// Expected texts were produced by PyYAML 6.0.3 the way charmcraft calls it: yaml.safe_dump after
// charmcraft's literal-block representer for multi-line strings is registered.
const SAFE_DUMP_FIXTURE = {
  options: {
    plain: { type: "string", description: LONG },
    quoted: { type: "string", default: `a: ${LONG}` },
    multi: { type: "string", description: "first line\n  indented\n\nafter blank\n" },
    nochomp: { description: "no newline\nat end" },
    lead: { description: " leading space\nz" },
    n: { type: "int", default: 0 },
    f: { type: "boolean", default: false },
    v: { default: "24.04" },
    yes: { default: "yes" },
    e: { default: "" },
    pct: { default: "100%" },
  },
  list: [LONG, { k: LONG, kk: [LONG, "short"] }],
  empty: {},
  none: null,
  nested: [],
};

const SAFE_DUMP_EXPECTED = `empty: {}
list:
- word word word word word word word word word word word word word word word word
  word word word word word word word word word end
- k: word word word word word word word word word word word word word word word word
    word word word word word word word word word end
  kk:
  - word word word word word word word word word word word word word word word word
    word word word word word word word word word end
  - short
nested: []
none: null
options:
  e:
    default: ''
  f:
    default: false
    type: boolean
  lead:
    description: |2-
       leading space
      z
  multi:
    description: |
      first line
        indented

      after blank
    type: string
  n:
    default: 0
    type: int
  nochomp:
    description: |-
      no newline
      at end
  pct:
    default: 100%
  plain:
    description: word word word word word word word word word word word word word
      word word word word word word word word word word word word end
    type: string
  quoted:
    default: 'a: word word word word word word word word word word word word word
      word word word word word word word word word word word word end'
    type: string
  v:
    default: '24.04'
  'yes':
    default: 'yes'
`;

describe("pyyamlDump", () => {
  it("writes what PyYAML's safe_dump writes with charmcraft's literal-block representer", () => {
    expect(pyyamlDump(SAFE_DUMP_FIXTURE, { sortKeys: true })).toBe(SAFE_DUMP_EXPECTED);
  });

  it("keeps insertion order when keys are not sorted (charmcraft's manifest)", () => {
    const text = pyyamlDump({ z: 1, a: [{ name: "ubuntu", channel: "24.04" }] }, { sortKeys: false });
    expect(text).toBe("z: 1\na:\n- name: ubuntu\n  channel: '24.04'\n");
  });
});
