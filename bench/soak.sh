#!/usr/bin/env bash
# Soak test: Dossier under a steady mix of uploads and reads, checked for errors and heap growth.
#
# Starts the jar on 127.0.0.1 with -Xmx$HEAP, a GC log and a new data folder, registers USERS
# users and uploads one avatar and one CV for each. Then wrk repeats a fixed cycle of ten requests
# on each of CONNECTIONS connections (bench/soak.lua). The cycle is:
#   3 x POST /api/v1/user-operations/avatar   a PNG generated here (AVATAR_WIDTH x AVATAR_HEIGHT)
#   3 x POST /api/v1/user-operations/cv       a PDF (or plain-text) CV generated here
#   1 x GET  /api/v1/profile
#   1 x GET  /api/v1/user-operations/avatar
#   2 x GET  /api/v1/files/{id}/content       the user's first avatar, then the user's first CV
# The connections share the users in turn, so several connections upload for the same account at
# once. Every upload of a kind sends the same bytes, so the blob store keeps a single copy of them.
# The database, however, keeps each CV's extracted text. With the default PDF it grew by about a
# third of a MiB per CV upload in a 60-second trial. A 10-minute run can therefore write several
# hundred MiB to the temp folder.
#
# The live heap is measured after WARMUP seconds of this load and again after DURATION seconds
# more, each time as the Total of jcmd GC.class_histogram after jcmd GC.run. The script prints
# status counts per request kind, socket errors, requests/s and both heap figures.
#
# Environment (defaults in brackets):
#   PORT [18100]           Dossier's port
#   HEAP [256m]            maximum heap (-Xmx)
#   CONNECTIONS [32]       wrk connections, each on its own wrk thread
#   DURATION [600]         seconds of load after the warm-up
#   WARMUP [20]            seconds of load before the first heap measurement
#   USERS [8]              accounts that the connections share
#   MARGIN_MIB [16]        live heap growth in MiB from the first to the second measurement
#                          that fails the run
#   SETTLE [5]             seconds between the end of a load and its heap measurement, so that
#                          requests still running in Dossier finish first
#   CV_FORMAT [pdf]        pdf or text
#   CV_DECODED_BYTES [307200]    approximate size of the generated CV before base64 (exact for text)
#   AVATAR_WIDTH [800], AVATAR_HEIGHT [600]   pixels of the generated PNG avatar
#   WRK_TIMEOUT [30]       seconds after which wrk counts a request as timed out
#   JAR [target/dossier-*.jar]   the Dossier jar; JAVA or JAVA_HOME pick the java and jcmd commands
#   JAVA_OPTS []           extra JVM options
#   KEEP_WORK_DIR [0]      1 keeps the temp folder with the logs, GC log and bodies
#
# Exits 1 on any non-2xx response (4xx as well as 5xx: none is expected, so a 4xx means the mix
# did not test what it should), any socket error (timeouts included), an OutOfMemoryError in the
# log, Dossier no longer running, or a live heap after the load more than MARGIN_MIB above the one
# after the warm-up. A leak adds some bytes per request, whatever the live heap at the start, so
# the margin is in MiB rather than a percentage of that heap.

set -Eeuo pipefail
source "$(dirname "$0")/lib.sh"

PORT=${PORT:-18100}
HEAP=${HEAP:-256m}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-600}
WARMUP=${WARMUP:-20}
USERS=${USERS:-8}
MARGIN_MIB=${MARGIN_MIB:-16}
SETTLE=${SETTLE:-5}
CV_FORMAT=${CV_FORMAT:-pdf}
CV_DECODED_BYTES=${CV_DECODED_BYTES:-307200}
AVATAR_WIDTH=${AVATAR_WIDTH:-800}
AVATAR_HEIGHT=${AVATAR_HEIGHT:-600}
WRK_TIMEOUT=${WRK_TIMEOUT:-30}

# Writes an opaque RGB PNG of $2 x $3 pixels to $1/avatar.png (bench/SoakAvatar.java) and its
# upload body to $1/avatar.json.
make_avatar_body() {
	local dir=$1 width=$2 height=$3
	"$(find_java)" "$BENCH_DIR/SoakAvatar.java" "$dir/avatar.png" "$width" "$height"
	{
		printf '{"upload_content": "'
		base64 -w 0 "$dir/avatar.png"
		printf '", "upload_filename": "soak-avatar.png"}'
	} >"$dir/avatar.json"
}

# Writes a PDF CV of about $2 bytes, pages of uncompressed Helvetica text, to $1/cv.pdf and its
# upload body to $1/cv.json. The cross-reference table holds the byte offset of every object, so
# PDF readers open it without repairing it.
make_pdf_cv_body() {
	local dir=$1 size=$2
	LC_ALL=C awk -v size="$size" '
		function content(page,    text, line) {
			text = "BT\n/F1 9 Tf\n12 TL\n50 800 Td\n"
			for (line = 1; line <= 64; line++) {
				text = text sprintf("(Page %d, line %02d: built streaming uploads, storage and tests with Java, Spring and SQL.) Tj T*\n", page, line)
			}
			return text "ET"
		}
		function emit(text) {
			printf "%s", text
			position += length(text)
		}
		function object(number, body) {
			offset[number] = position
			emit(number " 0 obj\n" body "\nendobj\n")
		}
		BEGIN {
			# Objects: 1 catalog, 2 page tree, 3 font, then for page p the page 2p+2 and its content 2p+3.
			pages = int(size / (length(content(1)) + 250)) + 1
			emit("%PDF-1.4\n")
			object(1, "<< /Type /Catalog /Pages 2 0 R >>")
			object(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
			kids = ""
			for (p = 1; p <= pages; p++) {
				object(2 * p + 2, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " \
					"/Resources << /Font << /F1 3 0 R >> >> /Contents " (2 * p + 3) " 0 R >>")
				text = content(p)
				object(2 * p + 3, "<< /Length " length(text) " >>\nstream\n" text "\nendstream")
				kids = kids (p > 1 ? " " : "") (2 * p + 2) " 0 R"
			}
			object(2, "<< /Type /Pages /Kids [" kids "] /Count " pages " >>")
			objects = 2 * pages + 4
			xref = position
			emit("xref\n0 " objects "\n0000000000 65535 f \n")
			for (n = 1; n < objects; n++) {
				emit(sprintf("%010d 00000 n \n", offset[n]))
			}
			emit("trailer\n<< /Size " objects " /Root 1 0 R >>\nstartxref\n" xref "\n%%EOF\n")
		}' >"$dir/cv.pdf"
	{
		printf '{"upload_content": "'
		base64 -w 0 "$dir/cv.pdf"
		printf '", "upload_filename": "soak-cv.pdf"}'
	} >"$dir/cv.json"
}

# Uploads body file $3 to POST /api/v1/user-operations/$2 with token $1 and prints the file id.
upload_file() {
	local token=$1 kind=$2 body=$3
	local response_file="$WORK_DIR/seed-$kind.json"
	local status
	status=$(curl -sS -o "$response_file" -w '%{http_code}' -X POST "$BASE_URL/api/v1/user-operations/$kind" \
		-H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary "@$body")
	[ "$status" = 200 ] || fail "the first $kind upload returned HTTP $status: $(cat "$response_file")"
	local id
	id=$(sed -n 's/^{ *"id" *: *\([0-9][0-9]*\).*/\1/p' "$response_file")
	[ -n "$id" ] || fail "the $kind upload response has no id: $(cat "$response_file")"
	printf '%s\n' "$id"
}

# Runs the soak mix for $1 seconds and prints wrk's output, the KIND lines and the RESULT line.
run_soak_wrk() {
	SOAK_USERS="$WORK_DIR/users.txt" SOAK_AVATAR_BODY="$WORK_DIR/avatar.json" SOAK_CV_BODY="$WORK_DIR/cv.json" \
		wrk -t "$CONNECTIONS" -c "$CONNECTIONS" -d "${1}s" --timeout "${WRK_TIMEOUT}s" --latency \
		-s "$BENCH_DIR/soak.lua" "$BASE_URL"
}

# Runs a full GC, writes the class histogram to $1 and prints the live heap in MiB as a number.
# GC.class_histogram runs another full GC of its own before counting.
measure_live_heap() {
	local histogram=$1
	"$JCMD" "$DOSSIER_PID" GC.run >"$histogram.gc-run" 2>&1 || fail "jcmd GC.run failed: $(cat "$histogram.gc-run")"
	"$JCMD" "$DOSSIER_PID" GC.class_histogram >"$histogram" 2>&1 ||
		fail "jcmd GC.class_histogram failed; output in $histogram"
	local total
	total=$(histogram_total "$histogram")
	case "$total" in
		*" MiB") printf '%s\n' "${total% MiB}" ;;
		*) fail "live heap $total" ;;
	esac
}

# Checks the RESULT line $2 of the load named $1 and adds what went wrong to FAILURES.
check_result() {
	local name=$1 result=$2
	local requests non_2xx status_5xx socket_errors
	requests=$(result_field "$result" requests)
	non_2xx=$(result_field "$result" non_2xx)
	status_5xx=$(result_field "$result" status_5xx)
	socket_errors=$(result_field "$result" socket_errors)
	[ "$requests" -gt 0 ] || FAILURES+=("$name: no request completed")
	[ "$status_5xx" -eq 0 ] || FAILURES+=("$name: $status_5xx responses with status 5xx")
	[ "$((non_2xx - status_5xx))" -eq 0 ] ||
		FAILURES+=("$name: $((non_2xx - status_5xx)) responses with status 4xx or 3xx")
	local breakdown="connect $(result_field "$result" connect), read $(result_field "$result" read)"
	breakdown+=", write $(result_field "$result" write), timeout $(result_field "$result" timeout)"
	[ "$socket_errors" -eq 0 ] || FAILURES+=("$name: $socket_errors socket errors ($breakdown)")
}

trap cleanup EXIT
trap 'log_failed_command $? $LINENO "$BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

for number in "$CONNECTIONS" "$DURATION" "$WARMUP" "$USERS" "$MARGIN_MIB" "$SETTLE" "$CV_DECODED_BYTES" \
	"$AVATAR_WIDTH" "$AVATAR_HEIGHT" "$WRK_TIMEOUT"; do
	[[ "$number" =~ ^[0-9]+$ ]] || fail "invalid number '$number': set CONNECTIONS, DURATION, WARMUP, USERS," \
		"MARGIN_MIB, SETTLE, CV_DECODED_BYTES, AVATAR_WIDTH, AVATAR_HEIGHT and WRK_TIMEOUT to whole numbers"
done
[ "$CONNECTIONS" -ge 1 ] && [ "$USERS" -ge 1 ] && [ "$DURATION" -ge 1 ] ||
	fail "CONNECTIONS, USERS and DURATION must be at least 1"
case "$CV_FORMAT" in
	pdf | text) ;;
	*) fail "invalid CV_FORMAT '$CV_FORMAT': use pdf or text" ;;
esac

install_missing wrk:wrk curl:curl
find_jar >/dev/null
JCMD="$(dirname "$(readlink -f "$(command -v "$(find_java)")")")/jcmd"
[ -x "$JCMD" ] || fail "jcmd not found beside $(find_java) (looked for $JCMD): set JAVA_HOME to a JDK, not a JRE"
make_work_dir

make_avatar_body "$WORK_DIR" "$AVATAR_WIDTH" "$AVATAR_HEIGHT"
if [ "$CV_FORMAT" = pdf ]; then
	make_pdf_cv_body "$WORK_DIR" "$CV_DECODED_BYTES"
	cv_file="$WORK_DIR/cv.pdf"
else
	make_cv_body "$WORK_DIR"
	cv_file="$WORK_DIR/cv.txt"
fi
log "bodies: avatar $(stat -c %s "$WORK_DIR/avatar.json") bytes ($(stat -c %s "$WORK_DIR/avatar.png") bytes of PNG," \
	"${AVATAR_WIDTH}x$AVATAR_HEIGHT); cv $(stat -c %s "$WORK_DIR/cv.json") bytes ($(stat -c %s "$cv_file") bytes of $CV_FORMAT)"

GC_LOG="$WORK_DIR/gc.log"
# Access tokens must outlive the run, but their default lifetime is one hour.
token_lifetime=$((WARMUP + DURATION + 3600))
start_dossier "$PORT" "$WORK_DIR/dossier-data" "-Xmx$HEAP" "-Xlog:gc:file=$GC_LOG:uptime" \
	"-Ddossier.tokens.access-token-lifetime=${token_lifetime}s" ${JAVA_OPTS:-}
BASE_URL="http://127.0.0.1:$PORT"

log "registering $USERS users and uploading one avatar and one CV for each"
: >"$WORK_DIR/users.txt"
for user in $(seq 1 "$USERS"); do
	token=$(register_user "$BASE_URL" "$user")
	avatar_id=$(upload_file "$token" avatar "$WORK_DIR/avatar.json")
	cv_id=$(upload_file "$token" cv "$WORK_DIR/cv.json")
	printf '%s %s %s\n' "$token" "$avatar_id" "$cv_id" >>"$WORK_DIR/users.txt"
done

FAILURES=()
warmup_result=""
if [ "$WARMUP" -gt 0 ]; then
	log "warm-up: $CONNECTIONS connections, ${WARMUP}s"
	run_soak_wrk "$WARMUP" >"$WORK_DIR/wrk-warmup.txt"
	warmup_result=$(grep '^RESULT ' "$WORK_DIR/wrk-warmup.txt" || true)
	[ -n "$warmup_result" ] || fail "wrk printed no RESULT line; output in $WORK_DIR/wrk-warmup.txt"
	check_result warm-up "$warmup_result"
fi
sleep "$SETTLE"
kill -0 "$DOSSIER_PID" 2>/dev/null || fail "Dossier stopped running during the warm-up; log: $DOSSIER_LOG"
heap_start=$(measure_live_heap "$WORK_DIR/live-heap-start.txt")
log "live heap after the warm-up: $heap_start MiB"

load_before=$(load_average)
log "soak: $CONNECTIONS connections, ${DURATION}s, load average before: $load_before"
cpu_snapshot "$DOSSIER_PID"
cpu_before=$CPU_SNAPSHOT
run_soak_wrk "$DURATION" >"$WORK_DIR/wrk.txt" || true
cpu_snapshot "$DOSSIER_PID"
read -r server_cores wrk_cores kernel_cores other_cores <<<"$(cpu_shares "$cpu_before" "$CPU_SNAPSHOT")"
load_after=$(load_average)
result=$(grep '^RESULT ' "$WORK_DIR/wrk.txt" || true)
[ -n "$result" ] || fail "wrk printed no RESULT line; output in $WORK_DIR/wrk.txt"
grep -v -e '^RESULT ' -e '^KIND ' "$WORK_DIR/wrk.txt" >&2 || true
check_result soak "$result"

alive=yes
heap_end="not measured"
peak_rss="unknown"
if kill -0 "$DOSSIER_PID" 2>/dev/null; then
	sleep "$SETTLE"
	peak_rss=$(awk '/^VmHWM:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$DOSSIER_PID/status")
	heap_end=$(measure_live_heap "$WORK_DIR/live-heap-end.txt")
else
	alive=no
	FAILURES+=("Dossier stopped running; log: $DOSSIER_LOG")
fi
oom_lines=$(grep -c 'OutOfMemoryError' "$DOSSIER_LOG" || true)
[ "$oom_lines" -eq 0 ] || FAILURES+=("OutOfMemoryError in the log ($oom_lines lines)")
error_lines=$(grep -c ' ERROR ' "$DOSSIER_LOG" || true)

heap_growth="not measured"
heap_ratio="not measured"
if [ "$alive" = yes ]; then
	heap_growth=$(awk -v start="$heap_start" -v end="$heap_end" 'BEGIN { printf "%+.1f", end - start }')
	heap_ratio=$(awk -v start="$heap_start" -v end="$heap_end" 'BEGIN { printf "%.2f", (start > 0) ? end / start : 0 }')
	if awk -v growth="$heap_growth" -v margin="$MARGIN_MIB" 'BEGIN { exit !(growth > margin) }'; then
		FAILURES+=("the live heap grew by $heap_growth MiB, more than MARGIN_MIB=$MARGIN_MIB")
	fi
fi

echo
print_machine
echo "server: $(curl -s "$BASE_URL/api/v1/version" || echo 'not responding'), -Xmx$HEAP, JVM options: ${JAVA_OPTS:-none}"
echo "soak: $CONNECTIONS connections (one wrk thread each), $USERS users, warm-up ${WARMUP}s, load ${DURATION}s"
echo "bodies: avatar $(stat -c %s "$WORK_DIR/avatar.json") bytes, cv $(stat -c %s "$WORK_DIR/cv.json") bytes ($CV_FORMAT)"
if [ -n "$warmup_result" ]; then
	echo "warm-up: requests=$(result_field "$warmup_result" requests) rps=$(result_field "$warmup_result" rps)" \
		"statuses=$(result_field "$warmup_result" statuses) socket_errors=$(result_field "$warmup_result" socket_errors)"
fi
echo
echo "| request | requests | req/s | statuses |"
echo "|---|---|---|---|"
grep '^KIND ' "$WORK_DIR/wrk.txt" | while read -r _ kind fields; do
	printf '| %s | %s | %s | %s |\n' "$kind" "$(result_field "$fields" requests)" "$(result_field "$fields" rps)" \
		"$(result_field "$fields" statuses)"
done
echo "| all | $(result_field "$result" requests) | $(result_field "$result" rps) | $(result_field "$result" statuses) |"
echo
echo "socket_errors=$(result_field "$result" socket_errors) (connect=$(result_field "$result" connect)" \
	"read=$(result_field "$result" read) write=$(result_field "$result" write) timeout=$(result_field "$result" timeout))"
echo "live heap after a full GC: after the warm-up $heap_start MiB, after the load $heap_end MiB," \
	"growth $heap_growth MiB (margin $MARGIN_MIB MiB), end/start $heap_ratio"
echo "peak_rss=$peak_rss dossier_running=$alive out_of_memory_lines=$oom_lines error_log_lines=$error_lines"
echo "load average (1, 5, 15 min): before $load_before, after $load_after"
echo "CPU cores used during the load: Dossier $server_cores, wrk $wrk_cores, kernel threads $kernel_cores," \
	"other processes $other_cores"

if [ ${#FAILURES[@]} -ne 0 ]; then
	[ "$error_lines" -eq 0 ] || grep -m 5 -A 3 ' ERROR ' "$DOSSIER_LOG" >&2
	fail "soak test failed: $(IFS=';'; echo "${FAILURES[*]}"); logs in $WORK_DIR"
fi
echo "soak test passed"
