/**
 * Zod set up for one hook. On a schema's first parse zod compiles a fast path for it with
 * `new Function`, which pays off over many parses; a hook parses most schemas once, and the
 * compiles cost it more than they save (40 one-off object parses: 29 ms compiled, 7 ms without).
 * The setting is read when a schema is built, so dispatchLazily loads this before the charm.
 */
import * as z from "zod";

z.config({ jitless: true });
