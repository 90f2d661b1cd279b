#!/usr/bin/env bash
# Make the checkout ready to run: pnpm present, dependencies installed from the lockfile.
# Quick (no network) when everything is already in place.
#
# Run it (`scripts/bootstrap.sh`) or source it from any directory (`source path/to/bootstrap.sh`):
# it finds the repository from its own path (BASH_SOURCE, not $0, which is the shell's when
# sourced), leaves the caller's directory and shell options alone, and exports PATH when it had to
# install pnpm, so the caller finds it too.

garm_charms_bootstrap() {
  # `local -` restores the caller's set -e/-u/-o pipefail when the function returns.
  local -
  set -euo pipefail
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local pnpm_version=10.34.8

  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a<20 || (a===20 && b<19) ? 1 : 0)'; then
    echo "bootstrap: Node.js >= 20.19 is required, found $(node --version)" >&2
    return 1
  fi

  if ! command -v pnpm >/dev/null 2>&1; then
    echo "bootstrap: installing pnpm ${pnpm_version} (node $(node --version))" >&2
    local prefix
    if [ "$(id -u)" = 0 ]; then
      prefix="$(npm prefix --global)"
    else
      prefix="${HOME}/.local"
    fi
    npm install --global --prefix "$prefix" --no-fund --no-audit "pnpm@${pnpm_version}" >&2
    # npm's global bin is not always on PATH (a non-root user, a minimal PATH): make sure it is.
    export PATH="$prefix/bin:$PATH"
    command -v pnpm >/dev/null 2>&1 || {
      echo "bootstrap: pnpm is not on PATH after installing it into $prefix" >&2
      return 1
    }
  fi

  # Reinstall only when the lockfile or a manifest is newer than the last install.
  (
    cd "$root"
    stamp=node_modules/.modules.yaml
    if [ ! -f "$stamp" ] || [ -n "$(find pnpm-lock.yaml package.json packages/*/package.json charms/*/package.json tests/package.json -newer "$stamp" 2>/dev/null)" ]; then
      echo "bootstrap: installing dependencies" >&2
      pnpm install --frozen-lockfile --reporter=silent >&2
      touch "$stamp"
    fi
  )
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  garm_charms_bootstrap
else
  garm_charms_bootstrap || return 1
fi
