#!/usr/bin/env bash
# Installs Debian's nginx: the team module proxy tests serve an exported proxy folder with it on 127.0.0.1
# (tests/GoModCache.Tests/NginxServer.cs starts it as a child process with its own config; the package's own
# service is not needed and is not started here).
set -euo pipefail

if [ -x /usr/sbin/nginx ]; then
  /usr/sbin/nginx -v
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "install-nginx.sh: must run as root (it uses apt-get)" >&2
  exit 1
fi

apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
/usr/sbin/nginx -v
