/**
 * Test support: the one place the configurator writes a secret in plain text, by protocol.
 * `github_runner_image_v0` carries the OpenStack password under `password` in this unit's `image`
 * databag (the image builder reads it there; it cannot read a Juju secret).
 */
import type { LeakPlace } from "@garm-charms/charm-testing";

import { IMAGE_ENDPOINT } from "../charm.js";

/** For the leak check's `allow`: that one key, nothing else (not the rest of that databag). */
export function isImagePassword(place: LeakPlace): boolean {
  return (
    place.kind === "databag" &&
    place.endpoint === IMAGE_ENDPOINT &&
    place.bag === "unit" &&
    place.key === "password"
  );
}
