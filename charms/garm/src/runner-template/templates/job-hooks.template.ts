/**
 * Install-time part of the job hooks: writes the hook script (when there is one) and the runner
 * `.env` entries. Creating the runner home makes GARM's script take its "cached runner" branch,
 * so runner images must ship the runner in /home/runner/actions-runner (the image builder's do).
 */
export const JOB_HOOKS_TEMPLATE = String.raw`
# ===== garm charm: runner job hooks and runner environment =====
mkdir -p /home/runner/actions-runner
@@PRE_JOB_HOOK_FILE@@
printf '%s\n' \
    @@ENV_LINES@@ \
    >> /home/runner/actions-runner/.env
chown -R runner:runner /home/runner/actions-runner 2> /dev/null || true
# ===== garm charm: end of runner job hooks =====
`;
