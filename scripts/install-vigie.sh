#!/bin/sh
# Downloads a released vigie binary, checks its sha256 and puts it in a folder: what the
# GitHub Action (action.yml) runs before `vigie check` and `vigie build`.
#
#   VIGIE_INSTALL_DIR=DIR [VIGIE_VERSION=0.1.0|latest] scripts/install-vigie.sh
#
# VIGIE_VERSION      the release, without its `v` (default: latest)
# VIGIE_INSTALL_DIR  where `vigie` goes (required)
# VIGIE_DOWNLOAD_URL the folder of the release's files (default: the release's page of
#                    the repository named in Cargo.toml beside this script)
# VIGIE_SHA256       the archive's expected sha256 (default: the `.sha256` file published
#                    beside it)
# VIGIE_TARGET       the platform's target triple (default: this machine's)
# Prints the version installed.
set -eu

fail() {
  echo "install-vigie: $*" >&2
  exit 1
}

here=$(cd "$(dirname "$0")" && pwd)
: "${VIGIE_INSTALL_DIR:?VIGIE_INSTALL_DIR: the folder to put vigie in}"
version=${VIGIE_VERSION:-latest}
version=${version#v}

repository() {
  sed -n 's/^repository *= *"\(.*\)"$/\1/p' "$here/../Cargo.toml" | head -n 1
}

target() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo x86_64-unknown-linux-gnu ;;
    Linux-aarch64 | Linux-arm64) echo aarch64-unknown-linux-gnu ;;
    Darwin-x86_64) echo x86_64-apple-darwin ;;
    Darwin-arm64) echo aarch64-apple-darwin ;;
    MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) echo x86_64-pc-windows-msvc ;;
    *) fail "no vigie release for $(uname -s) $(uname -m): build it with cargo install vigie" ;;
  esac
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

base=${VIGIE_DOWNLOAD_URL:-}
if [ -z "$base" ]; then
  home=$(repository)
  [ -n "$home" ] || fail "no repository = \"…\" in $here/../Cargo.toml"
  if [ "$version" = latest ]; then
    tag=$(curl -fsSLI -o /dev/null -w '%{url_effective}' "$home/releases/latest") ||
      fail "cannot reach $home/releases/latest"
    version=${tag##*/v}
  fi
  base="$home/releases/download/v$version"
fi

triple=${VIGIE_TARGET:-$(target)}
case "$triple" in
  *windows*) archive="vigie-$triple.zip" ;;
  *) archive="vigie-$triple.tar.gz" ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
curl -fsSL --retry 3 -o "$work/$archive" "$base/$archive" ||
  fail "cannot download $base/$archive"
expected=${VIGIE_SHA256:-}
if [ -z "$expected" ]; then
  expected=$(curl -fsSL --retry 3 "$base/$archive.sha256" | cut -d ' ' -f 1) ||
    fail "cannot download $base/$archive.sha256"
fi
actual=$(sha256 "$work/$archive")
[ "$actual" = "$expected" ] ||
  fail "$archive has sha256 $actual, not $expected: not installed"

mkdir -p "$VIGIE_INSTALL_DIR"
case "$archive" in
  *.zip) unzip -q -o "$work/$archive" -d "$work/x" ;;
  *) mkdir "$work/x" && tar -xzf "$work/$archive" -C "$work/x" ;;
esac
binary=$(find "$work/x" -type f \( -name vigie -o -name vigie.exe \) | head -n 1)
[ -n "$binary" ] || fail "$archive holds no vigie binary"
cp "$binary" "$VIGIE_INSTALL_DIR/"
chmod +x "$VIGIE_INSTALL_DIR/$(basename "$binary")"
echo "$version"
