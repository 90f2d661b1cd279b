/**
 * The demo's runners, shared by its two forms (the harness pipeline and the local model): the
 * configurator's options besides its two secrets, as config-get gives them, and what GARM's scale
 * set then holds whatever the model (its provider and image come from the model).
 */

export const DEMO_RUNNER_OPTIONS: Readonly<Record<string, string | number>> = {
  "openstack-auth-url": "https://keystone.example.com:5000/v3",
  "openstack-username": "runners",
  "openstack-project-name": "runners",
  "openstack-user-domain-name": "Default",
  "openstack-project-domain-name": "Default",
  "openstack-region-name": "RegionOne",
  "openstack-network": "runners-net",
  "github-app-id": 123456,
  "github-app-installation-id": 7890123,
  name: "demo-runners",
  flavor: "m1.large",
  "os-arch": "amd64",
  "min-idle-runner": 1,
  "max-runner": 4,
  labels: "noble,x64,demo",
  org: "demo-org",
  "dockerhub-mirror": "https://registry-mirror.example.com",
  "runner-http-proxy": "http://squid.internal:3128",
  "aproxy-redirect-ports": "80,443",
  "otel-collector-endpoint": "http://otel.internal:4318",
  "pre-job-script": 'echo "job starting on $(hostname)"',
};

/** The scale set fields that follow from DEMO_RUNNER_OPTIONS alone. */
export const DEMO_SCALESET = {
  name: "demo-runners",
  flavor: "m1.large",
  osType: "linux",
  osArch: "amd64",
  minIdleRunners: 1,
  maxRunners: 4,
  enabled: true,
} as const;
