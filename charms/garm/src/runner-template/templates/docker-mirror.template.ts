/** Makes the Docker daemon pull through the operator's registry mirror. */
export const DOCKER_MIRROR_TEMPLATE = String.raw`
# Point the Docker daemon at the configured registry mirror.
sudo mkdir -p /etc/docker
printf '%s\n' @@DAEMON_JSON@@ | sudo tee /etc/docker/daemon.json > /dev/null
sudo systemctl daemon-reload
sudo systemctl restart docker
`;
