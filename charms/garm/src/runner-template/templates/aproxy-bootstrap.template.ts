/**
 * GARM pre-install script (extra spec) that routes the runner's egress through aproxy. It runs as
 * root from cloud-init, before GARM's install wrapper fetches the runner-install template, which
 * is why it cannot live in the template. Every operator value is assigned once from a
 * single-quoted word; the nft heredoc only references those variables.
 */
export const APROXY_BOOTSTRAP_TEMPLATE = String.raw`
#!/bin/bash
# aproxy bootstrap written by the garm charm (option runner-http-proxy).
# Deliberately no "set -e": after any failure egress stays unchanged and the boot carries on.
log() { echo "[aproxy-bootstrap] $*"; }

proxy_url=@@PROXY_URL@@
proxy_authority=@@PROXY_AUTHORITY@@
exclude_networks=@@EXCLUDE_NETWORKS@@
redirect_ports=@@REDIRECT_PORTS@@
listen_port=54969

snap set system "proxy.http=$proxy_url"
snap set system "proxy.https=$proxy_url"

if ! snap install aproxy --edge && ! snap list aproxy > /dev/null 2>&1; then
    log "ERROR: aproxy could not be installed and is not present; egress left unchanged"
    exit 0
fi
# aproxy takes a bare [user:password@]host:port, not a URL.
if ! snap set aproxy "proxy=$proxy_authority" "listen=:$listen_port"; then
    log "ERROR: aproxy could not be configured; egress left unchanged"
    exit 0
fi

# Redirect only once aproxy runs, or the redirect would black-hole egress. The state column is
# compared exactly: "inactive" contains "active".
aproxy_active() {
    snap services aproxy 2> /dev/null | awk 'NR > 1 && $3 == "active" { found = 1 } END { exit !found }'
}
attempt=1
until aproxy_active; do
    if [ "$attempt" -ge 10 ]; then
        log "ERROR: aproxy service is not active; egress left unchanged (no redirect)"
        exit 0
    fi
    attempt=$((attempt + 1))
    sleep 1
done

default_gateway="$(ip route show 0.0.0.0/0 | awk '{ for (i = 1; i < NF; i++) if ($i == "via") { print $(i + 1); exit } }')"
default_ipv4="$(ip route get "$default_gateway" 2> /dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "src") { print $(i + 1); exit } }')"
if [ -z "$default_ipv4" ]; then
    log "ERROR: no IPv4 default route; egress left unchanged (no redirect)"
    exit 0
fi

# Not persisted: runner machines are single-use.
nft -f - <<GARM_CHARM_APROXY_NFT
table ip aproxy {
    set exclude {
        type ipv4_addr
        flags interval
        auto-merge
        elements = { $exclude_networks }
    }
    chain prerouting {
        type nat hook prerouting priority dstnat; policy accept;
        ip daddr != @exclude tcp dport { $redirect_ports } counter dnat to $default_ipv4:$listen_port
    }
    chain output {
        type nat hook output priority -100; policy accept;
        ip daddr != @exclude tcp dport { $redirect_ports } counter dnat to $default_ipv4:$listen_port
    }
}
GARM_CHARM_APROXY_NFT
log "egress on ports $redirect_ports now goes through aproxy"
`;
