/** Entry of the `garm` executable: see run.ts. */
import { garmMain } from "./run.js";

await garmMain(process.argv.slice(2));
