/**
 * A stand-in with the structure of GARM's `github_linux` system template (shebang, comments,
 * `set -e`, Go template actions including trim markers and conditionals, heredocs). Written for
 * these tests; GARM's own template is not part of the project.
 */
export const STANDIN_SYSTEM_TEMPLATE = String.raw`#!/bin/bash

set -e
set -o pipefail

{{- if .EnableBootDebug }}
set -x
{{- end }}

# Stand-in runner install script. {{ .DownloadURL }}

CALLBACK_URL="{{ .CallbackURL }}"
METADATA_URL="{{ .MetadataURL }}"
BEARER_TOKEN="{{ .CallbackToken }}"
RUN_HOME="/home/{{ .RunnerUsername }}/actions-runner"

function sendStatus() {
	echo "status: $1 ($CALLBACK_URL)"
}

cat > /tmp/standin-agent.toml << EOF
server_url = "$METADATA_URL"
token = "$BEARER_TOKEN"
EOF

if [ ! -d "$RUN_HOME" ]; then
	sendStatus "downloading tools from {{ .DownloadURL }}"
	mkdir -p "$RUN_HOME"
else
	sendStatus "using cached runner found in $RUN_HOME"
fi
{{- if .HTTPProxy }}

cat >> "$RUN_HOME/.env" << 'PROXY_EOF'
http_proxy={{ .HTTPProxy }}
PROXY_EOF
{{- end }}

sendStatus "runner successfully installed"
`;
