/** Entry file of the packed charm: `dispatch` runs the bundle built from this module. */
import { main } from "@garm-charms/charm-runtime";

import { postgresqlStandIn } from "./charm.js";

void main(postgresqlStandIn);
