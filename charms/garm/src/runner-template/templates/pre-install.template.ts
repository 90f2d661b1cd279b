/** Install-time setup, injected into the runner-install template ahead of GARM's `set -e`. */
export const PRE_INSTALL_TEMPLATE = String.raw`
# ===== garm charm: pre-install setup (runs as the runner user; privileged steps use sudo) =====
@@DOCKER_MIRROR@@
# Static runner host preparation.
sudo adduser runner lxd || true
sudo adduser runner adm || true
# ===== garm charm: end of pre-install setup =====
`;
