#!/usr/bin/env bash
# Installs Debian's chromium: the HTML report tests render the report in it, headless, over the DevTools
# protocol on 127.0.0.1 (tests/GoModCache.TestSupport/HeadlessChromium.cs). GOMODCACHE_TEST_CHROMIUM
# points the tests at another browser binary.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  /usr/bin/chromium --version
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "install-chromium.sh: must run as root (it uses apt-get)" >&2
  exit 1
fi

apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
