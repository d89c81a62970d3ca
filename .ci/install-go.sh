#!/usr/bin/env bash
# Installs the Go toolchains the tests run against, from Debian's own packages:
#   golang-go        (Go 1.19, bookworm)          -> /usr/lib/go-1.19/bin/go
#   golang-1.23-go   (Go 1.23, bookworm-backports) -> /usr/lib/go-1.23/bin/go
# Backports is enabled by adding the suite to the existing debian.sources Suites line.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
  echo "install-go.sh: must run as root (it uses apt-get)" >&2
  exit 1
fi

sources=/etc/apt/sources.list.d/debian.sources
if [ -f "$sources" ] && ! grep -q 'bookworm-backports' "$sources"; then
  # Only the first Suites line that carries "bookworm-updates" (the main archive), not the security one.
  sed -i '0,/^Suites:.*bookworm-updates/{s/^\(Suites:.*bookworm-updates\)\s*$/\1 bookworm-backports/}' "$sources"
fi

need=()
[ -x /usr/lib/go-1.19/bin/go ] || need+=(golang-go)
[ -x /usr/lib/go-1.23/bin/go ] || need+=(golang-1.23-go)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
/usr/lib/go-1.19/bin/go version
/usr/lib/go-1.23/bin/go version
