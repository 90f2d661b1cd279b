/** Runs the operator's pre-job script from a private temporary file; its failure never fails the job. */
export const CUSTOM_PRE_JOB_TEMPLATE = String.raw`
# The operator's pre-job script (option pre-job-script).
custom_pre_job_script="$(mktemp)"
cat > "$custom_pre_job_script" <<'@@SCRIPT_DELIMITER@@'
@@SCRIPT_BODY@@
@@SCRIPT_DELIMITER@@
chmod 0700 "$custom_pre_job_script"
/usr/bin/logger -s "Running the operator's pre-job script"
"$custom_pre_job_script" || /usr/bin/logger -s "The operator's pre-job script failed; continuing with the job"
rm -f "$custom_pre_job_script"
`;
