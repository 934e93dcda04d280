#!/usr/bin/env bash
# The release, as far as one machine can check it:
#   1. the plan of the release workflow (`dist plan`: every archive, checksum, installer);
#   2. this machine's archive, its checksum and the installers, built locally (`dist build`);
#   3. the shell installer, run against that archive served by a local HTTP server, into an
#      empty folder, and `vigie --version` from there;
#   4. the GitHub Action's steps on the example site, timed: its download script against the
#      same server, `vigie check`, `vigie build`.
# Installs the `dist` that dist-workspace.toml names when it is missing (a long compile).
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=$(sed -n 's/^cargo-dist-version = "\(.*\)"$/\1/p' dist-workspace.toml)
if ! dist --version 2>/dev/null | grep -q " $DIST\$"; then
  cargo install cargo-dist --locked --version "$DIST"
fi
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
target=$(rustc -vV | sed -n 's/^host: //p')
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
now_ms() { echo $(($(date +%s%N) / 1000000)); }
seconds_since() { # START_MS: the seconds since then, e.g. 1.25
  local ms=$(($(now_ms) - $1))
  printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10))
}

echo "== dist plan"
dist plan --output-format=human
dist plan --output-format=json >"$work/plan.json"
for platform in x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-apple-darwin \
  aarch64-apple-darwin x86_64-pc-windows-msvc; do
  grep -q "\"vigie-$platform\.\(tar\.gz\|zip\)\"" "$work/plan.json" ||
    { echo "check-release: the plan has no archive for $platform" >&2; exit 1; }
done

echo "== dist build ($target)"
started=$(now_ms)
dist build --artifacts=all --target="$target"
compiled=$(seconds_since "$started")
distrib=target/distrib
archive="vigie-$target.tar.gz"
(cd "$distrib" && sha256sum -c "$archive.sha256")

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$distrib" "$port" >/dev/null 2>&1 &
server=$!
url="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -fsS -o /dev/null "$url/$archive" 2>/dev/null && break; sleep 0.1; done

echo "== the shell installer, from $url, into an empty folder"
VIGIE_DOWNLOAD_URL="$url" VIGIE_UNMANAGED_INSTALL="$work/installed" sh "$distrib/vigie-installer.sh"
said=$("$work/installed/vigie" --version)
echo "$said"
case "$said" in
  "vigie $version (commit "[0-9a-f]*")") ;;
  *) echo "check-release: the installed vigie says '$said'" >&2; exit 1 ;;
esac

echo "== the Action's steps on the example site (after checkout)"
started=$(now_ms)
VIGIE_VERSION="$version" VIGIE_DOWNLOAD_URL="$url" VIGIE_INSTALL_DIR="$work/action" \
  scripts/install-vigie.sh >/dev/null
installed=$(seconds_since "$started")
"$work/action/vigie" check >/dev/null
checked=$(seconds_since "$started")
"$work/action/vigie" build --output "$work/public" >/dev/null
built=$(seconds_since "$started")
echo "download + sha256 check: $installed s; then vigie check: $checked s; then vigie build: $built s (cumulative)"
echo "compile first (dist build of $target, from a clean dist profile or not): $compiled s"
