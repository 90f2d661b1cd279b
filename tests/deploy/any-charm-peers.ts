/**
 * The peers the anchors fake with any-charm on real Juju (juju-contract §4.5, reference-charms
 * §4.3): an image builder that publishes `id` and `tags`, and a tmate server that publishes its
 * host, port and fingerprints, each in its unit databag when the relation is joined. any-charm
 * runs the Python given in its `src-overwrite` option as its charm class.
 */
import type { PeerCharm } from "./backend.js";

export const FAKE_IMAGE_ID = "fake-openstack-image-uuid";
export const FAKE_TMATE = {
  host: "tmate.example.com",
  port: "2200",
  rsa_fingerprint: "SHA256:fakefingerprint1234",
  ed25519_fingerprint: "SHA256:fakeed25519abcd",
} as const;

/** An any-charm class that writes `data` to its unit databag on `<endpoint>-relation-joined`. */
function publishOnJoined(endpoint: string, data: Readonly<Record<string, string>>): string {
  return [
    "from any_charm_base import AnyCharmBase",
    "",
    "class AnyCharm(AnyCharmBase):",
    "    def __init__(self, *args):",
    "        super().__init__(*args)",
    `        self.framework.observe(self.on[${JSON.stringify(endpoint)}].relation_joined, self._publish)`,
    "",
    "    def _publish(self, event):",
    `        event.relation.data[self.unit].update(${JSON.stringify(data)})`,
    "",
  ].join("\n");
}

function anyCharmPeer(endpoint: string, data: Readonly<Record<string, string>>): PeerCharm {
  return {
    charm: "any-charm",
    channel: "latest/beta",
    endpoint,
    config: { "src-overwrite": JSON.stringify({ "any_charm.py": publishOnJoined(endpoint, data) }) },
  };
}

export const imageBuilderAnyCharm = anyCharmPeer("provide-github-runner-image-v0", {
  id: FAKE_IMAGE_ID,
  tags: "x64,noble",
});

export const tmateAnyCharm = anyCharmPeer("provide-debug-ssh", FAKE_TMATE);
