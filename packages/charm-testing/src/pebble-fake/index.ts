export { startFakePebble } from "./fake-pebble.js";
export type { FakePebble, FakePebbleRequest } from "./fake-pebble.js";
