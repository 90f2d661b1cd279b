/** A YAML file the user hands the command line (`--config`, `--params`, `--file`), parsed or refused with its name. */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";

import { JujuLocalError } from "./errors.js";

/** The parsed document, unchecked: each caller validates it with its own schema. */
export function readYamlFile(path: string, what: string): unknown {
  try {
    return parseYaml(readFileSync(path, "utf8"));
  } catch {
    throw new JujuLocalError(`cannot read ${what} "${path}" as YAML`, 2);
  }
}
