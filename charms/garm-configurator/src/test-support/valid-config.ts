/** Test support: one valid configurator config that the unit tests vary from. */
import type { RawConfig } from "../config.js";

/** A valid config, as config-get returns it (secret options hold secret URIs). */
export const VALID_RAW_CONFIG: RawConfig = {
  "openstack-auth-url": "https://keystone.example.com:5000/v3",
  "openstack-username": "garm-runners",
  "openstack-password": "secret:d1k2abcdefghijklmnop",
  "openstack-project-name": "garm-runners",
  "openstack-user-domain-name": "Default",
  "openstack-project-domain-name": "Default",
  "openstack-region-name": "RegionOne",
  "openstack-network": "runners-net",
  "github-app-id": 99999,
  "github-app-installation-id": 67890,
  "github-app-private-key": "secret:d1k3abcdefghijklmnop",
  name: "small",
  flavor: "m1.small",
  "os-arch": "amd64",
  "min-idle-runner": 0,
  "max-runner": 5,
  repo: "myorg/myrepo",
};
