#!/usr/bin/env bash
# Makes, without any image registry, the base images the sample's Dockerfiles name, in a buildah storage of
# its own (vfs driver):
#   docker.io/library/debian:bookworm-slim   debootstrap --variant=minbase bookworm (apt lists removed)
#   mcr.microsoft.com/dotnet/sdk:10.0        that rootfs + ca-certificates, libicu72, the host's .NET SDK
#                                            (/usr/share/dotnet or wherever `dotnet` lives), the host's Go
#                                            (GOROOT of $GOMODCACHE_TEST_GO, Go 1.23 or `go`, at the same
#                                            path, linked as /usr/local/bin/go) and the host's
#                                            extra CA certificates (/usr/local/share/ca-certificates)
# Usage: base-images.sh <folder>   (storage in <folder>/storage, run root in <folder>/run)
# The images are made once per recipe: <folder>/recipe-<hash> marks them done, the hash covering this script,
# the .NET SDK's and Go's versions and the CA certificates. Needs root, buildah and debootstrap.
set -euo pipefail
dir=$(mkdir -p "$1" && cd "$1" && pwd)
export TMPDIR="$dir/tmp"
mkdir -p "$TMPDIR"
b=(buildah --storage-driver vfs --root "$dir/storage" --runroot "$dir/run")

dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
go_bin=${GOMODCACHE_TEST_GO:-$(command -v /usr/lib/go-1.23/bin/go || command -v go)}
goroot=$("$go_bin" env GOROOT)
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
mirror=${mirror:-http://deb.debian.org/debian}

hash=$( { cat "$0"; echo "$mirror"; ls "$dotnet_root/sdk" "$dotnet_root/shared/Microsoft.NETCore.App"; "$go_bin" version; cat /usr/local/share/ca-certificates/*.crt 2>/dev/null || true; } | sha256sum | cut -c1-16)
if [ -f "$dir/recipe-$hash" ] && "${b[@]}" inspect --type image mcr.microsoft.com/dotnet/sdk:10.0 >/dev/null 2>&1 \
   && "${b[@]}" inspect --type image docker.io/library/debian:bookworm-slim >/dev/null 2>&1; then
  echo "base images up to date (recipe $hash)"
  exit 0
fi
rm -f "$dir"/recipe-*

rootfs="$dir/rootfs"
rm -rf "$rootfs"
echo "debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$dir/debootstrap.log" 2>&1 || { tail -n 30 "$dir/debootstrap.log" >&2; exit 1; }
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb

# An image from a root filesystem folder: a scratch container, the folder copied in, committed.
image_from() { # <folder> <tag>
  local ctr mnt
  ctr=$("${b[@]}" from scratch)
  mnt=$("${b[@]}" mount "$ctr")
  cp -a "$1"/. "$mnt"/
  "${b[@]}" umount "$ctr" >/dev/null
  "${b[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd /bin/bash "$ctr"
  "${b[@]}" commit --rm -q "$ctr" "$2" >/dev/null
  echo "made $2"
}
"${b[@]}" rmi -f docker.io/library/debian:bookworm-slim mcr.microsoft.com/dotnet/sdk:10.0 >/dev/null 2>&1 || true
image_from "$rootfs" docker.io/library/debian:bookworm-slim

# The SDK image: the packages .NET needs, from the same mirror, then the host's SDK, Go and CA certificates.
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
echo "deb $mirror bookworm main" >"$rootfs/etc/apt/sources.list"
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin chroot "$rootfs" /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates libicu72 >/dev/null'
mkdir -p "$rootfs/usr/share/dotnet" "$rootfs/usr/local/share/ca-certificates"
cp -a "$dotnet_root"/. "$rootfs/usr/share/dotnet/"
# GOROOT at the same path, with what its links outside it point at (Debian links src/, pkg/include/ to /usr/share/go-*).
for part in "$goroot" $(find "$goroot" -type l -exec readlink -f {} \; | grep -v "^$goroot/" | sort -u); do
  mkdir -p "$rootfs$(dirname "$part")"
  cp -a "$part" "$rootfs$(dirname "$part")/"
done
ln -sf /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
ln -sf "$goroot/bin/go" "$rootfs/usr/local/bin/go"
cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/" 2>/dev/null || true
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin chroot "$rootfs" update-ca-certificates >/dev/null
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs/etc/resolv.conf"
image_from "$rootfs" mcr.microsoft.com/dotnet/sdk:10.0
rm -rf "$rootfs"
touch "$dir/recipe-$hash"
