#!/usr/bin/env bash
# Takes screenshots of a built site's main pages, at desktop and phone widths, light and
# dark, with Debian's chromium. Usage: scripts/screenshots.sh [SITE_DIR] [OUT_DIR] [PAGE...]
# PAGE is a path under the site, such as "" (the status page) or "history/".
set -euo pipefail
site=${1:-public}
out=${2:-screenshots}
shift $(( $# > 2 ? 2 : $# ))
pages=("$@")
if [ ${#pages[@]} -eq 0 ]; then
  pages=("" "history/" "404.html")
  for dir in "$site"/incidents/*/; do
    pages+=("incidents/$(basename "$dir")/")
    [ -d "$dir/postmortem" ] && pages+=("incidents/$(basename "$dir")/postmortem/")
  done
fi
command -v chromium >/dev/null || { echo "chromium is not installed: apt-get install chromium" >&2; exit 1; }
mkdir -p "$out"
port=$(( 20000 + RANDOM % 20000 ))
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
sleep 0.5
profile=$(mktemp -d)
for page in "${pages[@]}"; do
  name=$(echo "${page:-index}" | tr '/' '_' | sed 's/_$//; s/\.html$//')
  for size in desktop:1280,2000 phone:390,2400; do
    for scheme in light dark; do
      flags=()
      [ "$scheme" = dark ] && flags+=(--blink-settings=preferredColorScheme=0) || flags+=(--blink-settings=preferredColorScheme=1)
      chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars "${flags[@]}" \
        --window-size="${size#*:}" --screenshot="$out/$name-${size%%:*}-$scheme.png" \
        "http://127.0.0.1:$port/$page" >/dev/null 2>&1
    done
  done
  echo "$out/$name-*.png"
done
rm -rf "$profile"
