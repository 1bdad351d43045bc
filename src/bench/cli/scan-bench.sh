#!/usr/bin/env bash
# The CLI comparison of issue 16: ./margay scan with 1 and 2 workers on N real CloudTrail events (the bench
# file repeated), with the conformance rules, as JSON Lines and as CloudTrail {"Records": [...]} files,
# plain and gzip'd, beside a single-thread readTree line loop (the parse floor) in the same run.
# Usage: src/bench/cli/scan-bench.sh [EVENTS (default 1000000)] [RUNS (default 1)]
# Outside mvn verify; prints scan's own summary line (records/s) for every run. Inputs go to a fresh
# temporary directory, removed at the end.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$here"
n="${1:-1000000}"
runs="${2:-1}"
rules=../shared/conformance/panther-cloudtrail
src=../shared/bench/cloudtrail-real.jsonl.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./margay --help >/dev/null 2>&1 || true # builds the jar
mvn -B -q -o -Pbench test-compile >/dev/null 2>&1 || mvn -B -q -Pbench test-compile >/dev/null
cpfile="$tmp/cp"
mvn -B -q -o -Pbench dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp="target/classes:target/test-classes:$(cat "$cpfile")"
lines=$(zcat "$src" | grep -c .)
reps=$(( (n + lines - 1) / lines ))
set +o pipefail # head closes the pipe early
for _ in $(seq "$reps"); do zcat "$src"; done | head -n "$n" > "$tmp/events.jsonl"
set -o pipefail
# Records files of 1,000 events each, one per line (as CloudTrail writes them, one file per object).
awk 'BEGIN{c=0} {if (c==0) printf "{\"Records\":["; else printf ","; printf "%s", $0; c++; if (c==1000) {print "]}"; c=0}}
     END{if (c>0) print "]}"}' "$tmp/events.jsonl" > "$tmp/records.json"
gzip -1 -c "$tmp/events.jsonl" > "$tmp/events.jsonl.gz"
gzip -1 -c "$tmp/records.json" > "$tmp/records.json.gz"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $n events"
for r in $(seq "$runs"); do
  java -cp "$cp" dev.margay.bench.ReadTreeLoop "$tmp/events.jsonl"
  java -cp "$cp" dev.margay.bench.ReadTreeLoop "$tmp/events.jsonl.gz"
  for f in events.jsonl events.jsonl.gz records.json records.json.gz; do
    for w in 1 2; do
      printf '%-16s workers=%d: ' "$f" "$w"
      ./margay scan --workers "$w" --rules "$rules" "$tmp/$f" 2>&1 >/dev/null | grep 'records/s' | tail -1
    done
  done
done
