/** Writes the job-started hook script through a quoted heredoc: nothing in it expands now. */
export const PRE_JOB_HOOK_FILE_TEMPLATE = String.raw`
cat > /home/runner/actions-runner/pre-job.sh <<'@@HOOK_DELIMITER@@'
@@HOOK_BODY@@
@@HOOK_DELIMITER@@
chmod 0755 /home/runner/actions-runner/pre-job.sh
`;
