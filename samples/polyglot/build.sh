#!/usr/bin/env bash
# The polyglot sample's build: restores Cake (a local tool) and runs build.cake with the given arguments.
#   ./build.sh                      build the Go service, clean the caches, print the report
#   ./build.sh --target=Container   what the Dockerfiles' build step runs: build from the shipped module
#                                   proxy folder, then clean module and build caches in the same step
#                                   (--cache-mode=Prune: prune and trim them instead, for cache mounts)
# Go is needed: as root on Debian/Ubuntu it is installed with apt-get when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v go >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "build.sh: go is not on PATH; installing Debian's golang-go" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends golang-go >/dev/null
    # The package lists (~80 MB) would stay in a container layer: drop them, as Debian's images do.
    rm -rf /var/lib/apt/lists/*
  else
    echo "build.sh: Go is not installed (no 'go' on PATH). Install Go 1.19 or later: https://go.dev/doc/install" >&2
    exit 1
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
