#!/usr/bin/env bash
# Make the checkout ready to run: pnpm present, dependencies installed from the lockfile.
# Quick (no network) when everything is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.8
node_major=$(node -p 'process.versions.node.split(".").map(Number).slice(0,2).join(".")')
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20 || (a===20 && b<19)) { console.error(`Node.js >= 20.19 is required, found ${process.versions.node}`); process.exit(1) }'

if ! command -v pnpm >/dev/null 2>&1; then
  echo "bootstrap: installing pnpm ${PNPM_VERSION} (node ${node_major})" >&2
  if [ "$(id -u)" = 0 ]; then
    prefix="$(npm prefix --global)"
  else
    prefix="${HOME}/.local"
  fi
  npm install --global --prefix "$prefix" --no-fund --no-audit "pnpm@${PNPM_VERSION}" >&2
  # npm's global bin is not always on PATH (a non-root user, a minimal PATH): make sure it is.
  export PATH="$prefix/bin:$PATH"
  command -v pnpm >/dev/null 2>&1 || { echo "bootstrap: pnpm is not on PATH after installing it into $prefix" >&2; exit 1; }
fi

# Reinstall only when the lockfile or a manifest is newer than the last install.
stamp=node_modules/.modules.yaml
if [ ! -f "$stamp" ] || [ -n "$(find pnpm-lock.yaml package.json packages/*/package.json charms/*/package.json tests/package.json -newer "$stamp" 2>/dev/null)" ]; then
  echo "bootstrap: installing dependencies" >&2
  pnpm install --frozen-lockfile --reporter=silent >&2
  touch "$stamp"
fi
