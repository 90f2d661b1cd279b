/** What the local-model tests deploy the product charms with, as `juju` arguments. */

/** The garm charm's two image resources, from juju-local's built-in images. */
export const GARM_LOCAL_RESOURCES: readonly string[] = [
  "--resource",
  "garm-image=local:garm",
  "--resource",
  "pressure-reconciler-image=local:node",
];

/**
 * A valid configurator config besides its two secret options, as `juju config` takes it: one
 * scale set `small` of m1.small runners for demo-org.
 */
export const CONFIGURATOR_OPTIONS: Readonly<Record<string, string>> = {
  "openstack-auth-url": "https://keystone.example.com:5000/v3",
  "openstack-username": "garm-runners",
  "openstack-project-name": "garm-runners",
  "openstack-user-domain-name": "Default",
  "openstack-project-domain-name": "Default",
  "openstack-region-name": "RegionOne",
  "openstack-network": "runners-net",
  "github-app-id": "99999",
  "github-app-installation-id": "67890",
  name: "small",
  flavor: "m1.small",
  "os-arch": "amd64",
  "max-runner": "5",
  org: "demo-org",
};
