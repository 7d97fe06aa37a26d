#!/usr/bin/env bash
# Memory check: Dossier with a small heap under many concurrent 10 MiB CV uploads.
#
# Starts the jar with -Xmx128m and a GC log, registers a new user, and runs wrk with 32
# connections for 20 s against POST /api/v1/user-operations/cv with a 10 MiB body (a 7.5 MiB
# plain-text CV as base64). Prints the status counts, the socket errors, the heap used before and
# after GC from the GC log, the live heap before the load and halfway through it, and the peak
# resident set size. Exits 1 on any non-2xx response, any socket error, an OutOfMemoryError in
# the log, or when Dossier stopped running.
#
# Environment (defaults in brackets):
#   PORT [18090]        Dossier's port
#   HEAP [128m]         maximum heap (-Xmx)
#   CONNECTIONS [32]    wrk connections; THREADS [2] wrk threads
#   DURATION [20]       seconds of load
#   JAR [target/dossier-*.jar]   the Dossier jar; JAVA or JAVA_HOME pick the java command
#   JAVA_OPTS []        extra JVM options
#   CV_DECODED_BYTES [7864320]   size of the generated CV before base64
#   LIVE_HEAP_PROBE [1] 0 skips the two full GCs (before the load and halfway) that measure the
#                       live heap
#   KEEP_WORK_DIR [0]   1 keeps the temp folder with the logs

set -Eeuo pipefail
source "$(dirname "$0")/lib.sh"

PORT=${PORT:-18090}
HEAP=${HEAP:-128m}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-20}

# GC log lines end in "<before>-><after>(<committed>) <pause>", such as "60M->9M(128M) 3.1ms".
# Prints the heap figures of the GC events in lines $2 to $3 of GC log $1.
summarize_gc() {
	awk -v first="$2" -v last="$3" '
	function mib(value) {
		unit = substr(value, length(value))
		number = substr(value, 1, length(value) - 1) + 0
		if (unit == "K") return number / 1024
		if (unit == "G") return number * 1024
		return number
	}
	NR < first || NR > last { next }
	match($0, /[0-9]+[KMG]->[0-9]+[KMG]\([0-9]+[KMG]\)/) {
		text = substr($0, RSTART, RLENGTH)
		split(text, parts, /->|\(|\)/)
		gcs++
		if (mib(parts[1]) > before) before = mib(parts[1])
		if (mib(parts[2]) > after) after = mib(parts[2])
		if (mib(parts[3]) > committed) committed = mib(parts[3])
		if ($0 ~ /Pause Full/) full++
	}
	END {
		printf "gc_events=%d full_gcs=%d peak_heap_before_gc_mib=%d max_heap_after_gc_mib=%d max_committed_mib=%d",
			gcs, full, before, after, committed
	}' "$1"
}

trap cleanup EXIT
trap 'log_failed_command $? $LINENO "$BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

install_missing wrk:wrk curl:curl
find_jar >/dev/null
make_work_dir
make_cv_body "$WORK_DIR"
log "body: $(stat -c %s "$WORK_DIR/cv.json") bytes ($(stat -c %s "$WORK_DIR/cv.txt") bytes decoded)"

GC_LOG="$WORK_DIR/gc.log"
start_dossier "$PORT" "$WORK_DIR/dossier-data" "-Xmx$HEAP" "-Xlog:gc:file=$GC_LOG:uptime" ${JAVA_OPTS:-}
TOKEN=$(register_user "http://127.0.0.1:$PORT")
URL="http://127.0.0.1:$PORT/api/v1/user-operations/cv"

# A class histogram forces a full GC and sums the live objects. Taken before the load and halfway
# through it, the two show the heap that the in-flight uploads keep, which the young-GC figures of
# the GC log overstate because they include old garbage not yet collected.
JCMD="$(dirname "$(command -v "$(find_java)")")/jcmd"
HISTOGRAM_IDLE="$WORK_DIR/live-heap-idle.txt"
HISTOGRAM="$WORK_DIR/live-heap-load.txt"
live_heap_idle="not measured"
if [ "${LIVE_HEAP_PROBE:-1}" = 1 ] && [ -x "$JCMD" ]; then
	"$JCMD" "$DOSSIER_PID" GC.class_histogram >"$HISTOGRAM_IDLE" 2>&1 ||
		log "jcmd GC.class_histogram failed; output in $HISTOGRAM_IDLE"
	live_heap_idle=$(histogram_total "$HISTOGRAM_IDLE")
	(sleep $((DURATION / 2)) && "$JCMD" "$DOSSIER_PID" GC.class_histogram >"$HISTOGRAM" 2>&1) &
	PROBE_PID=$!
	STARTED_PIDS+=("$PROBE_PID")
fi

load_before=$(load_average)
log "load: $CONNECTIONS connections, ${DURATION}s, load average before: $load_before"
cpu_snapshot "$DOSSIER_PID"
cpu_before=$CPU_SNAPSHOT
gc_lines_before_load=$(wc -l <"$GC_LOG")
output=$(run_wrk "$URL" "$WORK_DIR/cv.json" "$TOKEN" "$CONNECTIONS" "$DURATION")
cpu_snapshot "$DOSSIER_PID"
read -r server_cores wrk_cores kernel_cores other_cores <<<"$(cpu_shares "$cpu_before" "$CPU_SNAPSHOT")"
printf '%s\n' "$output" >"$WORK_DIR/wrk.txt"
load_after=$(load_average)
result=$(printf '%s\n' "$output" | grep '^RESULT ' || true)
[ -n "$result" ] || fail "wrk printed no RESULT line; output in $WORK_DIR/wrk.txt"
printf '%s\n' "$output" | grep -v '^RESULT ' >&2

alive=yes
peak_rss="unknown"
if kill -0 "$DOSSIER_PID" 2>/dev/null; then
	peak_rss=$(awk '/^VmHWM:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$DOSSIER_PID/status")
else
	alive=no
fi
oom_lines=$(grep -c 'OutOfMemoryError' "$DOSSIER_LOG" || true)
server_errors=$(grep -c ' ERROR ' "$DOSSIER_LOG" || true)

gc_lines_total=$(wc -l <"$GC_LOG")
heap_start_up=$(summarize_gc "$GC_LOG" 1 "$gc_lines_before_load")
heap_load=$(summarize_gc "$GC_LOG" $((gc_lines_before_load + 1)) "$gc_lines_total")

live_heap="not measured"
if [ -n "${PROBE_PID:-}" ]; then
	wait "$PROBE_PID" || log "jcmd GC.class_histogram failed; output in $HISTOGRAM"
	live_heap=$(histogram_total "$HISTOGRAM")
fi

requests=$(result_field "$result" requests)
non_2xx=$(result_field "$result" non_2xx)
socket_errors=$(result_field "$result" socket_errors)

echo
print_machine
echo "memory check: -Xmx$HEAP, $CONNECTIONS connections, ${DURATION}s, body $(stat -c %s "$WORK_DIR/cv.json") bytes"
echo "requests=$requests rps=$(result_field "$result" rps) body_mb_per_s=$(result_field "$result" body_mb_per_s)"
echo "status_2xx=$(result_field "$result" status_2xx) non_2xx=$non_2xx statuses=$(result_field "$result" statuses)"
echo "socket_errors=$socket_errors (connect=$(result_field "$result" connect) read=$(result_field "$result" read)" \
	"write=$(result_field "$result" write) timeout=$(result_field "$result" timeout))"
echo "heap during start-up and registration: $heap_start_up"
echo "heap during the load: $heap_load"
echo "live heap after the full GC of jcmd GC.class_histogram: before the load $live_heap_idle," \
	"halfway through it $live_heap"
echo "peak_rss=$peak_rss dossier_running=$alive out_of_memory_lines=$oom_lines error_log_lines=$server_errors"
echo "load average (1, 5, 15 min): before $load_before, after $load_after"
echo "CPU cores used during the load: Dossier $server_cores, wrk $wrk_cores, kernel threads $kernel_cores," \
	"other processes $other_cores"

failures=()
[ "$requests" -gt 0 ] || failures+=("no request completed")
[ "$non_2xx" -eq 0 ] || failures+=("$non_2xx non-2xx responses")
[ "$socket_errors" -eq 0 ] || failures+=("$socket_errors socket errors")
[ "$oom_lines" -eq 0 ] || failures+=("OutOfMemoryError in the log")
[ "$alive" = yes ] || failures+=("Dossier stopped running")
if [ ${#failures[@]} -ne 0 ]; then
	[ "$server_errors" -eq 0 ] || grep -m 5 -A 3 ' ERROR ' "$DOSSIER_LOG" >&2
	fail "memory check failed: $(IFS=';'; echo "${failures[*]}"); logs in $WORK_DIR"
fi
echo "memory check passed"
