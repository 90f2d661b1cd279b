/** The job-started hook the runner runs before each job (ACTIONS_RUNNER_HOOK_JOB_STARTED). */
export const PRE_JOB_HOOK_TEMPLATE = String.raw`
#!/usr/bin/env bash
# Job-started hook written by the garm charm. Best effort: a failing step is logged and the job
# still runs.
set +e

@@SECTIONS@@
`;
