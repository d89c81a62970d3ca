#!/usr/bin/env bash
# Makes the two base images the container tests (and anyone without an image registry) build on, locally,
# with buildah (vfs storage, chroot isolation), from Debian's archive:
#   docker.io/library/debian:bookworm-slim   debootstrap --variant=minbase bookworm, apt lists removed
#   localhost/dotnet-sdk:10.0                that + ca-certificates, libicu72, git, this machine's extra CA
#                                            certificates and this machine's .NET SDK (/usr/share/dotnet)
# Go is NOT in the SDK image (the official .NET SDK image has none either): the Dockerfiles install it.
#
# Both images carry a label with a hash of their inputs (this script, the Debian archive URL, the .NET SDK
# version, the CA certificates); an image whose label matches is reused, so reruns take a second. The
# debootstrap root file system is also kept as a tarball under $BASE_IMAGE_CACHE (default
# /var/cache/cake-gomodcache/containers), keyed the same way. Needs root, buildah and debootstrap.
set -euo pipefail
export STORAGE_DRIVER=vfs BUILDAH_ISOLATION=chroot

cache=${BASE_IMAGE_CACHE:-/var/cache/cake-gomodcache/containers}
suite=bookworm
sources=/etc/apt/sources.list.d/debian.sources
mirror=$(awk '/^URIs:/ { print $2; exit }' "$sources" 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
sdk_version=$(dotnet --version)

hash() { sha256sum | cut -c1-16; }
base_key=$( { cat "$0"; echo "$mirror $suite"; } | hash)
sdk_key=$( { echo "$base_key $sdk_version"; ls -l "$dotnet_root/sdk"; cat /usr/local/share/ca-certificates/*.crt 2>/dev/null || true; } | hash)

label_of() { buildah inspect --type image --format '{{index .OCIv1.Config.Labels "cake-gomodcache.key"}}' "$1" 2>/dev/null || true; }

base=docker.io/library/debian:bookworm-slim
sdk=localhost/dotnet-sdk:10.0

if [ "$(label_of "$base")" != "$base_key" ]; then
  mkdir -p "$cache"
  tarball="$cache/debian-$suite-minbase-$base_key.tar"
  if [ ! -s "$tarball" ]; then
    rootfs=$(mktemp -d "$cache/rootfs.XXXXXX")
    echo "base-images.sh: debootstrap --variant=minbase $suite from $mirror" >&2
    debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >/dev/null
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
    tar -C "$rootfs" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
    # Older root file systems of other inputs are not needed any more.
    find "$cache" -maxdepth 1 -name "debian-$suite-minbase-*.tar" ! -name "$(basename "$tarball")" -delete
  fi

  ctr=$(buildah from scratch)
  buildah add "$ctr" "$tarball" / >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd /bin/bash \
    --label "cake-gomodcache.key=$base_key" "$ctr"
  buildah commit --rm "$ctr" "$base" >/dev/null
  echo "base-images.sh: made $base" >&2
fi

if [ "$(label_of "$sdk")" != "$sdk_key" ]; then
  ctr=$(buildah from "$base")
  buildah run "$ctr" -- sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates libicu72 git >/dev/null && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb'
  for crt in /usr/local/share/ca-certificates/*.crt; do
    [ -e "$crt" ] && buildah copy "$ctr" "$crt" /usr/local/share/ca-certificates/ >/dev/null
  done
  buildah run "$ctr" -- update-ca-certificates >/dev/null 2>&1
  buildah copy "$ctr" "$dotnet_root" /usr/share/dotnet >/dev/null
  buildah run "$ctr" -- ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet
  buildah config --env DOTNET_CLI_TELEMETRY_OPTOUT=1 --env DOTNET_NOLOGO=1 --env DOTNET_ROOT=/usr/share/dotnet \
    --label "cake-gomodcache.key=$sdk_key" "$ctr"
  buildah commit --rm "$ctr" "$sdk" >/dev/null
  echo "base-images.sh: made $sdk" >&2
fi

echo "$base"
echo "$sdk"
