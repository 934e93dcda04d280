#!/usr/bin/env bash
# Benchmarks vigie on synthetic sites (examples/synthetic.rs, seed 1). For each size:
# - rebuild: the median wall time of 5 builds into the same output folder, as a user or a
#   CI cache rebuilds (each writes over the output before last, see src/write.rs);
# - first build: the median of 5 builds each into an empty folder, as on a fresh clone;
# - check: the median of 5 `vigie check` runs;
# each run once the files written before it are flushed to disk; then the peak memory of a
# build and the files written; then the largest file of each kind. Last, on 1,000 and
# 10,000 incidents, how long `vigie serve` takes to serve a saved change (median of 7),
# the CPU time it spends per save, and the load average.
# Usage: scripts/bench.sh [SIZE...]           (default: 100 1000 10000 50000)
#        scripts/bench.sh --serve [SIZE...]   the preview only (default: 1000 10000)
#        scripts/bench.sh --memory [SIZE...]  the peak memory only, of one build and one
#                                             check (default: 10000 50000; 3 min at 50,000)
#        VIGIE=path/to/vigie scripts/bench.sh ...   measures that binary instead of the build
# Needs: cargo, GNU time (/usr/bin/time), curl. Prints Markdown tables.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--memory" ]; then
  shift
  [ $# -eq 0 ] && set -- 10000 50000
  cargo build --release --locked --quiet --bin vigie --example synthetic
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  echo "| incidents | peak memory, build | peak memory, check | CPU, build (user + system) | CPU, check | load average |"
  echo "| ---: | ---: | ---: | ---: | ---: | --- |"
  for n in "$@"; do
    target/release/examples/synthetic "$n" "$work/site-$n" 1
    for run in build check; do
      out=()
      [ "$run" = build ] && out=(--output "$work/public-$n")
      /usr/bin/time -f "%M %U %S" -o "$work/$run" "${VIGIE:-target/release/vigie}" "$run" \
        --root "$work/site-$n" --now "2026-11-23 12:00" "${out[@]}" >/dev/null 2>&1
    done
    read -r build_kb build_user build_sys <"$work/build"
    read -r check_kb check_user check_sys <"$work/check"
    cpu() { awk -v u="$1" -v s="$2" 'BEGIN { printf "%.2f s", u + s }'; }
    echo "| $n | $((build_kb / 1024)) MB | $((check_kb / 1024)) MB | $(cpu "$build_user" "$build_sys") | $(cpu "$check_user" "$check_sys") | $(cut -d' ' -f1-3 /proc/loadavg) |"
    rm -rf "$work/site-$n" "$work/public-$n"
  done
  exit 0
fi
serve_only=false
if [ "${1:-}" = "--serve" ]; then
  serve_only=true
  shift
fi
sizes=("$@")
serve_sizes=(1000 10000)
if $serve_only && [ ${#sizes[@]} -gt 0 ]; then serve_sizes=("${sizes[@]}"); fi
[ ${#sizes[@]} -eq 0 ] && sizes=(100 1000 10000 50000)
$serve_only && sizes=()
cargo build --release --locked --quiet --bin vigie --example synthetic
# VIGIE: another binary to measure (an earlier build, to compare in the same minutes).
vigie=${VIGIE:-$PWD/target/release/vigie}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now="2026-11-23 12:00"

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

if ! $serve_only; then
  echo "| incidents | rebuild (median of 5) | first build (median of 5) | check (median of 5) | peak memory (build) | files written |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
fi
memory=0
# One timed build: its wall time goes in $seconds, the peak memory so far in $memory.
timed_build() {
  # Each build starts with nothing left to flush: otherwise the kernel writing out the
  # previous builds' pages (1 GB a build at 50,000 incidents) takes a core from this one.
  sync
  /usr/bin/time -f "%e %M" -o "$work/time" "$vigie" build --root "$1" --now "$now" --output "$2" >/dev/null 2>&1
  read -r seconds kilobytes <"$work/time"
  (( kilobytes > memory )) && memory=$kilobytes
  return 0
}
# The largest file of each kind in the output folder $1, as table rows for size $2.
largest() {
  (cd "$1" && find . -type f -printf '%s %P\n') | awk -v n="$2" '
    {
      path = $2
      if (path == "index.html") kind = "status page"
      else if (path == "embed/index.html") kind = "embedded status"
      else if (path ~ /^history\/[^\/]+\.(atom|rss)$/) kind = "component feed"
      else if (path ~ /^history\//) kind = "history page"
      else if (path ~ /^action-items\//) kind = "action items page"
      else if (path ~ /^reliability\//) kind = "reliability page"
      else if (path ~ /^incidents\/[^\/]+\/postmortem\/index.html$/) kind = "postmortem"
      else if (path ~ /^incidents\/[^\/]+\/index.html$/) kind = "incident page"
      else if (path ~ /^maintenance\/[^\/]+\/index.html$/) kind = "maintenance page"
      else if (path ~ /^api\//) kind = "API file"
      else if (path ~ /\.(atom|rss)$/) kind = "feed"
      else if (path == "maintenance.ics") kind = "calendar"
      else if (path ~ /\.ics$/) kind = "window calendar"
      else if (path ~ /^badges\//) kind = "badge"
      else if (path ~ /^assets\//) kind = "stylesheet and script"
      else kind = "other"
      if ($1 > size[kind]) { size[kind] = $1; file[kind] = path }
    }
    END { for (k in size) printf "| %s | %s | %.1f KB | `%s` |\n", n, k, size[k] / 1024, file[k] }' | sort -t'|' -k3,3
}

for n in "${sizes[@]+"${sizes[@]}"}"; do
  site=$work/site-$n
  target/release/examples/synthetic "$n" "$site" 1
  memory=0
  # Two builds first: they warm the file cache and leave an output before last to write over.
  "$vigie" build --root "$site" --now "$now" --output "$work/public-$n" >/dev/null 2>&1
  "$vigie" build --root "$site" --now "$now" --output "$work/public-$n" >/dev/null 2>&1
  rebuilds=() builds=() checks=()
  for run in 1 2 3 4 5; do
    timed_build "$site" "$work/public-$n"
    rebuilds+=("$seconds")
  done
  for run in 1 2 3 4 5; do
    timed_build "$site" "$work/out-$n-$run"
    builds+=("$seconds")
  done
  # The same for the checks, which write nothing.
  sync
  sleep 2
  for run in 1 2 3 4 5; do
    /usr/bin/time -f "%e" -o "$work/time" "$vigie" check --root "$site" --now "$now" >/dev/null 2>&1
    checks+=("$(cat "$work/time")")
  done
  files=$(find "$work/out-$n-1" -type f | wc -l)
  rebuild=$(printf '%s\n' "${rebuilds[@]}" | median)
  build=$(printf '%s\n' "${builds[@]}" | median)
  check=$(printf '%s\n' "${checks[@]}" | median)
  echo "| $n | ${rebuild} s | ${build} s | ${check} s | $((memory / 1024)) MB | $files |"
  largest "$work/out-$n-1" "$n" >>"$work/largest"
  # The outputs stay until the end (7 GB in all): deleting a tree of files makes ext4
  # skip those inodes for a minute or more when it creates the next files, which would
  # slow the next size's first builds for a reason of the file system's own.
done

if ! $serve_only; then
  echo
  echo "| incidents | kind | largest file | path |"
  echo "| ---: | --- | ---: | --- |"
  cat "$work/largest"
fi

# The CPU time (user and system, in clock ticks) the process $1 has used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# vigie serve: from saving a change to the page that shows it. The preview follows the
# computer's clock (it renders again at each new minute while in use), as a user's does.
echo
echo "| incidents | saved change served (median of 7) | CPU per save (median) | load average |"
echo "| ---: | ---: | ---: | --- |"
servers=()
trap 'for s in "${servers[@]+"${servers[@]}"}"; do kill "$s" 2>/dev/null; done; rm -rf "$work"' EXIT
ticks=$(getconf CLK_TCK)
for n in "${serve_sizes[@]}"; do
  site=$work/site-$n
  [ -d "$site" ] || target/release/examples/synthetic "$n" "$site" 1
  port=$(( 20000 + RANDOM % 20000 ))
  "$vigie" serve --root "$site" --port "$port" >/dev/null 2>&1 &
  server=$!
  servers+=("$server")
  until curl -sf "http://127.0.0.1:$port/__vigie/version" >/dev/null; do sleep 0.05; done
  latencies=() spent=()
  for run in 1 2 3 4 5 6 7; do
    before=$(curl -sf "http://127.0.0.1:$port/__vigie/version")
    used=$(cpu_ticks "$server")
    start=$(date +%s%N)
    printf '\nSaved change %s.\n' "$run" >>"$site/content/incidents/i000000.md"
    until [ "$(curl -sf "http://127.0.0.1:$port/__vigie/version")" != "$before" ]; do sleep 0.01; done
    latencies+=($(( ($(date +%s%N) - start) / 1000000 )))
    spent+=($(( ($(cpu_ticks "$server") - used) * 1000 / ticks )))
    sleep 0.3
  done
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  kill "$server" 2>/dev/null
  echo "| $n | $(printf '%s\n' "${latencies[@]}" | median) ms | $(printf '%s\n' "${spent[@]}" | median) ms | $load |"
done
