#!/usr/bin/env bash
# The CLI comparison of issue 16: ./margay scan with 1 and 2 workers on N real CloudTrail events (the bench
# file repeated), with the conformance rules, as JSON Lines and as CloudTrail {"Records": [...]} files,
# plain and gzip'd, beside a single-thread readTree line loop (the parse floor) and zcat (the inflate
# floor) in the same run.
# Usage: src/bench/cli/scan-bench.sh [EVENTS (default 1000000)] [RUNS (default 1)]
# Outside mvn verify. Prints every run (records/s from scan's own summary line, and the process's CPU
# seconds, user+sys, from /usr/bin/time), then the medians over runs as a ready Markdown table with the
# in-run ratios scan/floor, 2 workers/1 worker and gzip'd/plain. Inputs go to a fresh temporary
# directory, removed at the end.
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
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $n events; $(java -version 2>&1 | head -1)"
results="$tmp/results" # lines: KEY RECORDS_PER_S CPU_S
: > "$results"
# Runs "$@" under /usr/bin/time; prints "records/s cpu-seconds" from the command's own records/s line.
measure() {
  local out="$tmp/measure.out" tm="$tmp/measure.time"
  /usr/bin/time -f '%U %S %e' -o "$tm" "$@" > "$out" 2>&1 || { cat "$out" >&2; return 1; }
  local rps
  rps=$(grep 'records/s' "$out" | tail -1 | sed -E 's/.* ([0-9,]+) records\/s.*/\1/' | tr -d ,)
  echo "$rps $(awk '{printf "%.2f", $1 + $2}' "$tm") $(awk '{print $3}' "$tm")"
}
for r in $(seq "$runs"); do
  for f in events.jsonl events.jsonl.gz; do
    set -- $(measure java -cp "$cp" dev.margay.bench.ReadTreeLoop "$tmp/$f")
    printf 'run %d  %-16s readTree loop: %8s records/s  cpu %6s s  wall %6s s\n' "$r" "$f" "$1" "$2" "$3"
    echo "floor:$f $1 $2" >> "$results"
  done
  /usr/bin/time -f '%U %S %e' -o "$tmp/zcat.time" zcat "$tmp/events.jsonl.gz" > /dev/null
  set -- $(cat "$tmp/zcat.time")
  zrps=$(awk -v n="$n" -v e="$3" 'BEGIN{printf "%.0f", (e > 0 ? n / e : 0)}')
  printf 'run %d  %-16s zcat alone:    %8s records/s  cpu %6s s  wall %6s s\n' "$r" events.jsonl.gz \
    "$zrps" "$(awk -v u="$1" -v s="$2" 'BEGIN{printf "%.2f", u + s}')" "$3"
  echo "zcat $zrps 0" >> "$results"
  for f in events.jsonl events.jsonl.gz records.json records.json.gz; do
    for w in 1 2; do
      set -- $(measure ./margay scan --workers "$w" --rules "$rules" "$tmp/$f")
      printf 'run %d  %-16s scan, %d worker(s): %8s records/s  cpu %6s s  wall %6s s\n' "$r" "$f" "$w" "$1" "$2" "$3"
      echo "scan:$f:$w $1 $2" >> "$results"
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Medians over the runs, then the table.
awk -v n="$n" -v runs="$runs" '
  function median(key,   m, i, j, t, v) {
    m = cnt[key]; if (m == 0) return 0
    for (i = 1; i <= m; i++) v[i] = val[key, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
  }
  function cpumed(key,   m, i, j, t, v) {
    m = cnt[key]
    for (i = 1; i <= m; i++) v[i] = cpu[key, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
  }
  function k(x,   s, r) { # thousands separators (mawk has no %\047)
    s = sprintf("%.0f", x); r = ""
    while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
    return s r
  }
  { cnt[$1]++; val[$1, cnt[$1]] = $2; cpu[$1, cnt[$1]] = $3 }
  END {
    fp = median("floor:events.jsonl"); fz = median("floor:events.jsonl.gz")
    printf "\nMedians of %d run(s), %s events, records/s (CPU seconds of the process, user+sys); ratios are to the\n", runs, k(n)
    printf "JSON Lines parse floor measured in the same run (%s records/s; gzip'\''d: %s; zcat alone: %s):\n\n", k(fp), k(fz), k(median("zcat"))
    print "| input | scan, 1 worker | × floor | scan, 2 workers | × floor | 2 / 1 workers |"
    print "| --- | ---: | ---: | ---: | ---: | ---: |"
    split("events.jsonl events.jsonl.gz records.json records.json.gz", files, " ")
    split("JSON Lines|JSON Lines, gzip'\''d|`Records` files|`Records` files, gzip'\''d", names, "|")
    for (i = 1; i <= 4; i++) {
      a = median("scan:" files[i] ":1"); b = median("scan:" files[i] ":2")
      printf "| %s | %s (%.1f s) | %.2f | %s (%.1f s) | %.2f | %.2f |\n", names[i], k(a), cpumed("scan:" files[i] ":1"), a / fp,
        k(b), cpumed("scan:" files[i] ":2"), b / fp, (a > 0 ? b / a : 0)
    }
    printf "\ngzip'\''d / plain: JSON Lines %.2f (1 worker), %.2f (2 workers); `Records` %.2f, %.2f\n",
      median("scan:events.jsonl.gz:1") / median("scan:events.jsonl:1"), median("scan:events.jsonl.gz:2") / median("scan:events.jsonl:2"),
      median("scan:records.json.gz:1") / median("scan:records.json:1"), median("scan:records.json.gz:2") / median("scan:records.json:2")
  }' "$results"
