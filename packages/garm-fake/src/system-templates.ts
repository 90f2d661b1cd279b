import type { ForgeType, OsType } from "./store.js";

/**
 * Stand-ins for GARM's four system runner-install templates. Same ids, names, descriptions and
 * overall structure as GARM's (shebang, `set -e`, Go-template placeholders, proxy blocks, the
 * cached-runner branch on `$RUN_HOME`), but written for the fake: they are not GARM's scripts.
 */
export interface SystemTemplate {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly osType: OsType;
  readonly forgeType: ForgeType;
  readonly data: string;
}

function linuxScript(forge: ForgeType): string {
  const forgeLabel = forge === "github" ? "GitHub" : "Gitea";
  return `#!/bin/bash

set -e
set -o pipefail

{{- if .EnableBootDebug }}
set -x
{{- end }}

# ${forgeLabel} runner install script served by the GARM fake.
CALLBACK_URL="{{ .CallbackURL }}"
METADATA_URL="{{ .MetadataURL }}"
BEARER_TOKEN="{{ .CallbackToken }}"
RUN_HOME="/home/{{ .RunnerUsername }}/actions-runner"

{{- if .HTTPProxy }}
export HTTP_PROXY='{{ .HTTPProxy }}'
{{- end }}
{{- if .HTTPSProxy }}
export HTTPS_PROXY='{{ .HTTPSProxy }}'
{{- end }}
{{- if .NoProxy }}
export NO_PROXY='{{ .NoProxy }}'
{{- end }}

report() {
	curl --retry 5 --retry-delay 5 --fail -s -X POST -H "Authorization: Bearer \${BEARER_TOKEN}" \\
		-d "{\\"status\\": \\"$1\\", \\"message\\": \\"$2\\"}" "\${CALLBACK_URL}" || true
}

fail() {
	report failed "$1"
	exit 1
}

report installing "preparing runner"

if [ ! -d "$RUN_HOME" ]; then
	report installing "downloading runner from {{ .DownloadURL }}"
	mkdir -p "$RUN_HOME"
	curl --fail -L -o "/tmp/{{ .FileName }}" "{{ .DownloadURL }}" || fail "download failed"
	tar xzf "/tmp/{{ .FileName }}" -C "$RUN_HOME" || fail "extract failed"
	chown -R {{ .RunnerUsername }}:{{ .RunnerGroup }} "$RUN_HOME"
else
	report installing "using the runner cached in the image"
fi

cd "$RUN_HOME"
{{- if .UseJITConfig }}
curl --fail -s -H "Authorization: Bearer \${BEARER_TOKEN}" "\${METADATA_URL}/credentials/runner" -o .runner || fail "no JIT config"
{{- else }}
TOKEN=$(curl --fail -s -H "Authorization: Bearer \${BEARER_TOKEN}" "\${METADATA_URL}/runner-registration-token/")
./config.sh --unattended --url "{{ .RepoURL }}" --token "$TOKEN" --name "{{ .RunnerName }}" \\
	--labels "{{ .RunnerLabels }}"{{- if .GitHubRunnerGroup }} --runnergroup "{{ .GitHubRunnerGroup }}"{{- end }} --ephemeral
{{- end }}

sudo ./svc.sh install {{ .RunnerUsername }} || fail "service install failed"
sudo ./svc.sh start || fail "service start failed"
report idle "runner {{ .RunnerName }} started"
`;
}

function windowsScript(forge: ForgeType): string {
  const forgeLabel = forge === "github" ? "GitHub" : "Gitea";
  return `#ps1_sysnative
Param(
	[Parameter(Mandatory=$false)]
	[string]$Token="{{.CallbackToken}}"
)

$ErrorActionPreference="Stop"

# ${forgeLabel} runner install script served by the GARM fake.
$CallbackURL="{{.CallbackURL}}"
$MetadataURL="{{.MetadataURL}}"

function Send-Status([string]$Status, [string]$Message) {
	$body = @{ status = $Status; message = $Message } | ConvertTo-Json
	Invoke-RestMethod -Method Post -Uri $CallbackURL -Headers @{ Authorization = "Bearer $Token" } -Body $body
}

{{- if .HTTPProxy }}
$env:HTTP_PROXY="{{ .HTTPProxy }}"
{{- end }}
{{- if .HTTPSProxy }}
$env:HTTPS_PROXY="{{ .HTTPSProxy }}"
{{- end }}

Send-Status "installing" "downloading runner from {{ .DownloadURL }}"
$runDir = "C:\\actions-runner"
New-Item -ItemType Directory -Force -Path $runDir | Out-Null
Invoke-WebRequest -Uri "{{ .DownloadURL }}" -OutFile "$runDir\\{{ .FileName }}"
Expand-Archive -Path "$runDir\\{{ .FileName }}" -DestinationPath $runDir -Force
Set-Location $runDir
{{- if .UseJITConfig }}
Invoke-RestMethod -Uri "$MetadataURL/credentials/runner" -Headers @{ Authorization = "Bearer $Token" } -OutFile .runner
{{- else }}
./config.cmd --unattended --url "{{ .RepoURL }}" --name "{{ .RunnerName }}" --labels "{{ .RunnerLabels }}" --ephemeral
{{- end }}
Send-Status "idle" "runner {{ .RunnerName }} started"
`;
}

export const SYSTEM_TEMPLATES: readonly SystemTemplate[] = [
  {
    id: 1,
    name: "github_windows",
    description: "Default Windows runner install template for GitHub",
    osType: "windows",
    forgeType: "github",
    data: windowsScript("github"),
  },
  {
    id: 2,
    name: "github_linux",
    description: "Default Linux runner install template for GitHub",
    osType: "linux",
    forgeType: "github",
    data: linuxScript("github"),
  },
  {
    id: 3,
    name: "gitea_linux",
    description: "Default Linux runner install template for Gitea",
    osType: "linux",
    forgeType: "gitea",
    data: linuxScript("gitea"),
  },
  {
    id: 4,
    name: "gitea_windows",
    description: "Default Windows runner install template for Gitea",
    osType: "windows",
    forgeType: "gitea",
    data: windowsScript("gitea"),
  },
];

/** Description GARM gives a system template recreated by `POST /templates/restore`. */
export const restoredDescription = (forge: ForgeType, os: OsType): string =>
  `Default template for ${forge} runners on ${os}`;
