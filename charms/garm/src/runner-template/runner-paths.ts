// Where the runner lives on the runner images. The runner reads KEY=value lines from the dotfile
// `.env` in its home (not `env`), and /home/runner links to the image's default user home.
// The template files spell these paths out literally; a test keeps them in step.
export const RUNNER_USER = "runner";
export const RUNNER_HOME = "/home/runner/actions-runner";
export const PRE_JOB_HOOK_PATH = `${RUNNER_HOME}/pre-job.sh`;
export const RUNNER_ENV_PATH = `${RUNNER_HOME}/.env`;
