#!/usr/bin/env bash
# The repository's build: restores the local Cake tool and runs build/build.cake.
#   ./build.sh --target=Sample   build the bundled sample through the addin and print the cache report
#   ./build.sh --target=Test     build everything and run every test
#   ./build.sh --target=Benchmark  time the engine against du -sb; writes artifacts/benchmarks.md
#   ./build.sh --target=ContainerContext  stage artifacts/container-context, an offline docker build context (README, Containers)
# Go is needed. When it is missing and this runs as root on Debian/Ubuntu, Go is installed with apt-get
# (golang-go); otherwise the script stops and says what to install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [ -z "${GOMODCACHE_TEST_GO:-}" ] && ! command -v go >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "build.sh: go is not on PATH; installing Debian's golang-go" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends golang-go >/dev/null
  else
    echo "build.sh: Go is not installed (no 'go' on PATH)." >&2
    echo "  Install Go 1.19 or later: https://go.dev/doc/install" >&2
    echo "  Debian/Ubuntu: sudo apt-get install golang-go    macOS: brew install go" >&2
    exit 1
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The SDK remembers where it found each local tool (~/.dotnet/toolResolverCache) and does not look again when
# that folder is gone (a NuGet packages folder deleted or moved): "Run dotnet tool restore" right after a
# successful restore. Forget such a stale entry for Cake (a cache only) before restoring; checking the paths costs
# nothing, starting Cake to find out would cost every run a third of a second.
for entry in "${DOTNET_CLI_HOME:-$HOME}"/.dotnet/toolResolverCache/*/cake.tool; do
  [ -f "$entry" ] || continue
  { grep -o '"PathToExecutable":"[^"]*"' "$entry" || true; } | cut -d'"' -f4 | while IFS= read -r exe; do
    if [ ! -e "$exe" ]; then
      echo "build.sh: the SDK's cached path to Cake ($exe) is gone; restoring the local tool again" >&2
      rm -f "$entry"
      break
    fi
  done
done
dotnet tool restore >/dev/null
exec dotnet cake build/build.cake "$@"
