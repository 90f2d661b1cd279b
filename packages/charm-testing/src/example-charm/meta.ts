import { parseCharmMetaYaml } from "../meta.js";
import type { CharmMeta } from "../meta.js";

/**
 * The example charm's charmcraft.yaml, inlined so the charm (and a bundle of it) never reads
 * from the source tree; `example-charm.test.ts` checks it matches the file beside it.
 */
export const GREETER_CHARMCRAFT_YAML = `name: greeter
containers:
  web:
    resource: web-image
requires:
  db:
    interface: postgresql_client
    limit: 1
peers:
  greeters:
    interface: greeter_peers
config:
  options:
    greeting: {type: string, default: hello, description: What the server says.}
    port: {type: int, default: 8080, description: Port the server listens on (1024-65535).}
actions:
  rotate-password:
    description: Replace the admin password with a new random one.
    params:
      length: {type: integer, default: 24, description: Length of the new password.}
`;

export const greeterMeta: CharmMeta = parseCharmMetaYaml(GREETER_CHARMCRAFT_YAML, "greeter charmcraft.yaml");
