/**
 * What the bundles get for `node:http2` when undici asks for it. undici's HTTP/2 client requires
 * `node:http2` as it loads (with it `node:tls`, `node:net` and their crypto: about 15 ms of every
 * garm hook on a slow machine), though it speaks HTTP/2 only when a dispatcher sets `allowH2` and a
 * TLS server agrees; nothing here does. undici already handles a Node without `node:http2` this way:
 * an empty `constants`. Should a dispatcher ever be given `allowH2`, it fails loudly here.
 */
export const constants = {};

export function connect(): never {
  throw new Error("HTTP/2 is not bundled into the charm (undici's allowH2 is not supported here)");
}
