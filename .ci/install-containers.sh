#!/usr/bin/env bash
# Installs Debian's buildah and debootstrap (and unshare, from util-linux): the container tests
# (tests/Cake.GoModCache.Tests/ContainerBuildTests.cs) make base images with debootstrap and build the sample's
# Dockerfiles with buildah (vfs storage, chroot isolation, the network cut with unshare -n). They run as root.
set -euo pipefail

if command -v buildah >/dev/null 2>&1 && command -v debootstrap >/dev/null 2>&1; then
  buildah --version
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "install-containers.sh: must run as root (it uses apt-get)" >&2
  exit 1
fi

apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends buildah debootstrap util-linux ca-certificates >/dev/null
buildah --version
