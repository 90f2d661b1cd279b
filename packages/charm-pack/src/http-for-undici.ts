/**
 * What undici's core gets for `node:http` in a bundle. It reads two things from it as it loads,
 * and neither needs Node's HTTP client and server, which loading would bring into every garm hook
 * (a few milliseconds on a slow machine):
 * - `maxHeaderSize`: Node's limit on response headers, the default undici then applies. Node's own
 *   default is 16 KiB; only `--max-http-header-size` changes it, and no charm passes it.
 * - `IncomingMessage`: undici compares a body's constructor with it, to let an IncomingMessage's
 *   socket go when it destroys one. Nothing here sends an IncomingMessage as a body, and nothing is
 *   ever made by this constructor, so that step is simply never taken.
 */
export const maxHeaderSize = 16 * 1024;

/** Only ever compared with: nothing in a bundle makes one. */
export function IncomingMessage(): never {
  throw new Error("node:http's IncomingMessage is not bundled into the charm");
}
