/** Entry file of the packed charm: `dispatch` runs the bundle built from this module. */
import { main } from "@garm-charms/charm-runtime";
import { connectPebble } from "@garm-charms/charm-runtime/pebble";

import { plannerStandIn } from "./charm.js";

void main(plannerStandIn(), { pebble: connectPebble });
