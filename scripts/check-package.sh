#!/usr/bin/env bash
# The crate as crates.io gets it: `cargo publish --dry-run` packages it and builds the
# packaged sources; then the packaged crate's own binary builds its own example site
# (config.toml and content/ ship with it) and says its version and commit.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo publish --dry-run --locked
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
packaged="target/package/vigie-$version"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The packaged crate, built with the repository's target folder (its dependencies are
# already compiled there); its binary copied aside before anything else replaces it.
CARGO_TARGET_DIR="$PWD/target" cargo build --locked --manifest-path "$packaged/Cargo.toml"
cp target/debug/vigie "$out/vigie"
vigie="$out/vigie"
commit=$(sed -n 's/.*"sha1": *"\([0-9a-f]\{12\}\).*/\1/p' "$packaged/.cargo_vcs_info.json")
said=$("$vigie" --version)
expected="vigie $version (commit $commit)"
if [ "$said" != "$expected" ]; then
  echo "check-package: vigie --version says '$said', not '$expected'" >&2
  exit 1
fi
"$vigie" build --root "$packaged" --now "2026-11-23 10:30" --output "$out/public"
grep -q "Cadran" "$out/public/index.html"
echo "check-package: $expected builds its example into $(find "$out/public" -type f | wc -l) files"
