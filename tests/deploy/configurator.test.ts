/**
 * The configurator alone and with an image builder: the anchors' test_garm_configurator.py, and
 * invalid config blocking with the option named (issue 14). Runs on the local model today: the
 * configurator has no workload.
 */
import { allActive, allBlocked, allWaiting, type Juju, type TemporaryModel } from "@garm-charms/juju-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { FAKE_IMAGE_ID } from "./any-charm-peers.js";
import {
  appMessage,
  backend,
  CONFIGURATOR,
  deployConfigurator,
  deployPeer,
  IMAGE_BUILDER,
  integratePeer,
  OPENSTACK_PASSWORD,
  remoteUnitData,
  settled,
  suiteTitle,
} from "./suite.js";

const INVALID: readonly { option: string; value: string | number; restore: string | number | undefined }[] = [
  { option: "max-runner", value: 0, restore: 5 },
  {
    option: "openstack-auth-url",
    value: "ftp://keystone.example.com",
    restore: "https://keystone.example.com:5000/v3",
  },
  { option: "dockerhub-mirror", value: "not a url", restore: undefined },
  { option: "aproxy-redirect-ports", value: "80,70000", restore: undefined },
];

describe.skipIf(backend.unavailable !== undefined)(suiteTitle("garm-configurator"), () => {
  let model: TemporaryModel;
  let juju: Juju;

  beforeAll(async () => {
    model = await backend.newModel();
    juju = model.juju;
    await deployConfigurator(juju, CONFIGURATOR);
  }, 600_000);
  afterAll(async () => {
    await model?.destroy();
  });

  it("test_garm_configurator_waits_without_image_relation -> the configurator waits without image", async () => {
    const status = await settled(juju, (s) => allWaiting(s, CONFIGURATOR));
    expect(appMessage(status, CONFIGURATOR)).toBe("Waiting for image builder relation");
  });

  it("invalid configurator config blocks with the option named", async () => {
    for (const { option, value, restore } of INVALID) {
      await juju.config(CONFIGURATOR, { [option]: value });
      const blocked = await settled(juju, (s) => allBlocked(s, CONFIGURATOR));
      expect(appMessage(blocked, CONFIGURATOR), option).toContain(option);
      await (restore === undefined
        ? juju.config(CONFIGURATOR, { reset: [option] })
        : juju.config(CONFIGURATOR, { [option]: restore }));
      await settled(juju, (s) => allWaiting(s, CONFIGURATOR));
    }
  });

  it("test_garm_configurator_image_relation -> with an image builder the configurator is active and sends the credentials", async () => {
    await deployPeer(juju, "imageBuilder", IMAGE_BUILDER);
    await integratePeer(juju, `${CONFIGURATOR}:image`, "imageBuilder", IMAGE_BUILDER);
    await settled(juju, (s) => allActive(s, CONFIGURATOR));
    const [builderView] = await remoteUnitData(
      juju,
      `${IMAGE_BUILDER}/0`,
      backend.peerCharms.imageBuilder.endpoint,
    );
    expect(builderView).toMatchObject({
      auth_url: "https://keystone.example.com:5000/v3",
      username: "admin",
      password: OPENSTACK_PASSWORD,
      project_name: "test-project",
      user_domain_name: "Default",
      project_domain_name: "Default",
    });
    const [configuratorView] = await remoteUnitData(juju, `${CONFIGURATOR}/0`, "image");
    expect(configuratorView?.["id"]).toBe(FAKE_IMAGE_ID);
  });
});
