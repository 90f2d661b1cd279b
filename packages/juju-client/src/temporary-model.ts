/** A model for one test file: added with a random name, destroyed (with its storage) when done. */
import { randomBytes } from "node:crypto";

import { Juju, type JujuOptions } from "./juju.js";

export interface TemporaryModel {
  readonly juju: Juju;
  readonly name: string;
  /** Destroys the model (`--no-prompt --destroy-storage --force`); a no-op when `keep` was asked. */
  destroy(): Promise<void>;
}

export async function temporaryModel(
  options: Omit<JujuOptions, "model"> & { prefix?: string; keep?: boolean } = {},
): Promise<TemporaryModel> {
  const { prefix = "test", keep = false, ...jujuOptions } = options;
  const name = `${prefix}-${randomBytes(4).toString("hex")}`;
  const juju = new Juju(jujuOptions);
  await juju.addModel(name);
  return {
    juju,
    name,
    destroy: async () => {
      if (!keep) await juju.destroyModel(name);
    },
  };
}
