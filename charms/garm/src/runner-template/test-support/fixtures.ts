import type { RunnerOptions } from "../runner-options.js";

/** A pre-job script that exercises the embedding: Go delimiters, quotes, a line "EOF", `$(...)`. */
export const SAMPLE_PRE_JOB_SCRIPT = [
  "#!/usr/bin/env bash",
  'echo "preparing ${{ github.ref }} for $GITHUB_REPOSITORY"',
  "cat <<EOF > /tmp/job-note",
  "started at $(date)",
  "EOF",
  "echo 'single quotes' \\",
  "  && echo done",
  "",
].join("\n");

export const ALL_OPTIONS: RunnerOptions = {
  dockerhubMirror: "https://mirror.example.com:5000",
  httpProxy: "http://proxy.example.com:3128",
  aproxyExcludeAddresses: ["10.0.0.0/8", "192.168.1.1"],
  aproxyRedirectPorts: ["80", "443", "8000-9000"],
  otelCollectorEndpoint: "http://otel.example.com:4317",
  preJobScript: SAMPLE_PRE_JOB_SCRIPT,
};
