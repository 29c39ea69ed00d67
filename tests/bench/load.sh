#!/usr/bin/env bash
# How long loading a fleet takes, side by side in one run: the raw pages from a local server of
# EC2-shaped answers (the floor), the AWS CLI listing the same, the TUI itself until its screen
# says "Loaded" (in a pseudo-terminal, read by tui_load.py), and sgtui's headless load
# (`sgtui export`, the same loading code as the TUI). Prints the figures and their ratios.
#
#   tests/bench/load.sh [GROUPS] [RULES_PER_GROUP]      (default 10000 16)
#
# Needs python3; installs the AWS CLI and pyte from PyPI into a cache folder on first use, and
# builds sgtui in release mode.
set -euo pipefail
cd "$(dirname "$0")/../.."

groups=${1:-10000}
rules=${2:-16}
cache="${XDG_CACHE_HOME:-$HOME/.cache}/sgtui"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$cache/target}"
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true

cargo build --release --locked --quiet
sgtui="$CARGO_TARGET_DIR/release/sgtui"

venv="$cache/bench-venv"
if [ ! -x "$venv/bin/aws" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet awscli
fi
# pyte: a terminal emulator, to read the TUI's screen in tui_load.py.
"$venv/bin/python" -c "import pyte" 2> /dev/null || "$venv/bin/pip" install --quiet pyte

work=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

python3 tests/bench/ec2_server.py --groups "$groups" --rules "$rules" > "$work/server" &
server_pid=$!
for _ in $(seq 600); do
    grep -q listening "$work/server" 2>/dev/null && break
    sleep 0.1
done
endpoint=$(sed -n 's/^listening on //p' "$work/server")
[ -n "$endpoint" ] || { echo "the server did not start" >&2; exit 1; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# Warm the server and the page cache once, untimed; then the floor, timed: the median of three.
python3 tests/bench/raw_pages.py "$endpoint" > /dev/null
for _ in 1 2 3; do
    python3 tests/bench/raw_pages.py "$endpoint"
done | sort -n > "$work/raw"
read -r raw bytes < <(sed -n 2p "$work/raw")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }')

start=$(now)
"$venv/bin/aws" ec2 describe-security-groups --endpoint-url "$endpoint" --output json > /dev/null &
first=$!
"$venv/bin/aws" ec2 describe-security-group-rules --endpoint-url "$endpoint" --output json > /dev/null &
wait "$first" $!
cli=$(elapsed "$start" "$(now)")

# The TUI itself, in a pseudo-terminal: from its start until the screen says "Loaded"; the
# median of three runs.
for _ in 1 2 3; do
    "$venv/bin/python" tests/bench/tui_load.py "$sgtui" --read-only --endpoint-url "$endpoint"
done | sort -n > "$work/tui"
read -r tui tui_rss _ < <(sed -n 2p "$work/tui")

# Streamed: when the first row reaches the reader, and the last.
start=$(now)
/usr/bin/time -f "%M" -o "$work/rss" "$sgtui" export --format ndjson --endpoint-url "$endpoint" \
    2> "$work/stderr" | python3 -c '
import sys, time
first, rows = None, 0
for _ in sys.stdin.buffer:
    if first is None:
        first = time.time()
    rows += 1
print(first if first is not None else time.time(), rows)
' > "$work/first"
whole=$(elapsed "$start" "$(now)")
read -r first_at rows < "$work/first"
first_row=$(elapsed "$start" "$first_at")
loaded=$(sed -n 's/.*rule(s) in \([0-9.]*\) s$/\1/p' "$work/stderr" | head -1)
rss=$(awk '{ printf "%.0f", $1 / 1024 }' "$work/rss")

# Held: every row after the whole account, the network included, in the panes' order.
start=$(now)
/usr/bin/time -f "%M" -o "$work/rss_sorted" "$sgtui" export --format ndjson --sorted \
    --endpoint-url "$endpoint" > /dev/null 2> "$work/stderr_sorted"
sorted=$(elapsed "$start" "$(now)")
rss_sorted=$(awk '{ printf "%.0f", $1 / 1024 }' "$work/rss_sorted")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
echo "$groups groups, $((groups * rules)) rules: $mb MB of XML over both listings"
printf '%-52s %8s %8s\n' "" "seconds" "x raw"
printf '%-52s %8s %8s\n' "raw pages (both listings at once, kept alive)" "$raw" "1.0"
printf '%-52s %8s %8s\n' "AWS CLI (both listings at once)" "$cli" "$(ratio "$cli" "$raw")"
printf '%-52s %8s %8s\n' "sgtui TUI: \"Loaded\" on screen (median of 3)" "$tui" "$(ratio "$tui" "$raw")"
printf '%-52s %8s %8s\n' "sgtui export: groups and rules loaded" "$loaded" "$(ratio "$loaded" "$raw")"
printf '%-52s %8s %8s\n' "sgtui export: first row at the reader" "$first_row" "$(ratio "$first_row" "$raw")"
printf '%-52s %8s %8s\n' "sgtui export: all $rows rows, streamed" "$whole" "$(ratio "$whole" "$raw")"
printf '%-52s %8s %8s\n' "sgtui export --sorted: + interfaces, whole" "$sorted" "$(ratio "$sorted" "$raw")"
echo "peak RSS: TUI $tui_rss MB at \"Loaded\"; sgtui export $rss MB streamed, $rss_sorted MB sorted"
