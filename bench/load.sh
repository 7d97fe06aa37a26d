#!/usr/bin/env bash
# Load benchmark: Dossier's upload endpoints against nginx writing the same bodies to disk.
#
# Starts Dossier (the jar) and nginx on 127.0.0.1 and registers a new user. Then wrk sends
#   POST /api/v1/user-operations/avatar  with the published 1.4 KB icon body, and
#   POST /api/v1/user-operations/cv      with a 10 MiB body (a 7.5 MiB plain-text CV as base64)
# to both servers, ROUNDS times each. The script prints requests/s, MB/s of request body sent and
# the ratio Dossier/nginx. Both servers are stopped at the end, also on failure.
#
# Environment (defaults in brackets):
#   PORT [18080]           Dossier's port; nginx gets NGINX_PORT [PORT+1]
#   DURATION [20]          seconds of each measurement
#   WARMUP [5]             seconds of load on each server and body before the first round
#   CONNECTIONS [8]        wrk connections; THREADS [2] wrk threads
#   ROUNDS [2]             measurements of each server and body
#   JAR [target/dossier-*.jar]   the Dossier jar; JAVA or JAVA_HOME pick the java command
#   JAVA_OPTS []           extra JVM options for Dossier
#   NGINX_WORKERS [nproc]  nginx worker processes
#   AVATAR_BODY [../shared/corpus/published/published-icon-avatar.json beside the repo]
#   CV_DECODED_BYTES [7864320]   size of the generated CV before base64
#   KEEP_WORK_DIR [0]      1 keeps the temp folder with logs and bodies
#
# Exits 1 when a measurement had non-2xx responses or socket errors, after printing all results.

set -Eeuo pipefail
source "$(dirname "$0")/lib.sh"

PORT=${PORT:-18080}
NGINX_PORT=${NGINX_PORT:-$((PORT + 1))}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-8}
ROUNDS=${ROUNDS:-2}
NGINX_WORKERS=${NGINX_WORKERS:-$(nproc)}
AVATAR_BODY=${AVATAR_BODY:-$REPO_DIR/../shared/corpus/published/published-icon-avatar.json}

trap cleanup EXIT
trap 'log_failed_command $? $LINENO "$BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

install_missing wrk:wrk nginx:nginx curl:curl
find_jar >/dev/null
[ -f "$AVATAR_BODY" ] || fail "avatar body $AVATAR_BODY not found; set AVATAR_BODY to the published icon body"
make_work_dir

# Bodies: the avatar body is copied at run time, never stored in the repository.
cp "$AVATAR_BODY" "$WORK_DIR/avatar.json"
make_cv_body "$WORK_DIR"
log "bodies: avatar $(stat -c %s "$WORK_DIR/avatar.json") bytes; cv $(stat -c %s "$WORK_DIR/cv.json") bytes" \
	"($(stat -c %s "$WORK_DIR/cv.txt") bytes decoded)"

start_nginx() {
	port_in_use "$NGINX_PORT" && fail "port $NGINX_PORT on 127.0.0.1 is already in use; set NGINX_PORT to a free one"
	local dir="$WORK_DIR/nginx"
	mkdir -p "$dir/client-body" "$dir/www/api/v1/user-operations"
	# The static handler returns 405 to a POST only for a file that exists (see nginx.conf.template).
	touch "$dir/www/api/v1/user-operations/avatar" "$dir/www/api/v1/user-operations/cv"
	sed -e "s|@PORT@|$NGINX_PORT|g" -e "s|@WORK_DIR@|$dir|g" -e "s|@WORKERS@|$NGINX_WORKERS|g" \
		-e "s|@USER@|$(id -un) $(id -gn)|g" "$BENCH_DIR/nginx.conf.template" >"$dir/nginx.conf"
	nginx -e "$dir/nginx-error.log" -p "$dir" -c "$dir/nginx.conf" 2>>"$dir/nginx-error.log" &
	NGINX_PID=$!
	STARTED_PIDS+=("$NGINX_PID")
	local tries=0
	until port_in_use "$NGINX_PORT"; do
		kill -0 "$NGINX_PID" 2>/dev/null || fail "nginx exited during start-up; log: $dir/nginx-error.log"
		tries=$((tries + 1))
		[ "$tries" -lt 100 ] || fail "nginx did not listen on port $NGINX_PORT within 10 s"
		sleep 0.1
	done
	log "nginx $(nginx -v 2>&1 | sed 's|.*/||') is up (PID $NGINX_PID)"
}

start_dossier "$PORT" "$WORK_DIR/dossier-data" ${JAVA_OPTS:-}
start_nginx
TOKEN=$(register_user "http://127.0.0.1:$PORT")

declare -A URLS=(
	[dossier]="http://127.0.0.1:$PORT/api/v1/user-operations"
	[nginx]="http://127.0.0.1:$NGINX_PORT/api/v1/user-operations"
)
TARGETS="avatar cv"
SERVERS="dossier nginx"

# Checks that each server returns 200 to one request of each body before any load.
for target in $TARGETS; do
	for server in $SERVERS; do
		status=$(curl -s -o "$WORK_DIR/first-$server-$target.json" -w '%{http_code}' -X POST \
			"${URLS[$server]}/$target" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
			--data-binary "@$WORK_DIR/$target.json")
		[ "$status" = 200 ] || fail "$server returned HTTP $status to the first $target upload: $(cat "$WORK_DIR/first-$server-$target.json")"
	done
done

if [ "$WARMUP" -gt 0 ]; then
	for target in $TARGETS; do
		for server in $SERVERS; do
			log "warm-up: $server $target, ${WARMUP}s"
			run_wrk "${URLS[$server]}/$target" "$WORK_DIR/$target.json" "$TOKEN" "$CONNECTIONS" "$WARMUP" \
				>"$WORK_DIR/warmup-$server-$target.txt"
		done
	done
fi

RESULTS="$WORK_DIR/results.tsv"
printf 'round\ttarget\tserver\trps\tbody_mb_per_s\trequests\tnon_2xx\tsocket_errors\tserver_cores\twrk_cores\tkernel_cores\tother_cores\tload_before\tload_after\n' >"$RESULTS"
errors=0
for round in $(seq 1 "$ROUNDS"); do
	for target in $TARGETS; do
		for server in $SERVERS; do
			log "round $round: $server $target, $CONNECTIONS connections, ${DURATION}s"
			before=$(load_average)
			cpu_snapshot "$DOSSIER_PID" "$NGINX_PID"
			cpu_before=$CPU_SNAPSHOT
			output=$(run_wrk "${URLS[$server]}/$target" "$WORK_DIR/$target.json" "$TOKEN" "$CONNECTIONS" "$DURATION")
			cpu_snapshot "$DOSSIER_PID" "$NGINX_PID"
			cpu_after=$CPU_SNAPSHOT
			after=$(load_average)
			read -r server_cores wrk_cores kernel_cores other_cores <<<"$(cpu_shares "$cpu_before" "$cpu_after")"
			printf '%s\n' "$output" >"$WORK_DIR/wrk-$round-$server-$target.txt"
			result=$(printf '%s\n' "$output" | grep '^RESULT ' || true)
			[ -n "$result" ] || fail "wrk printed no RESULT line; output in $WORK_DIR/wrk-$round-$server-$target.txt"
			printf '%s\n' "$output" | sed -n '/Latency Distribution/,/^ *99%/p' >&2
			log "$result"
			non_2xx=$(result_field "$result" non_2xx)
			socket_errors=$(result_field "$result" socket_errors)
			if [ "$non_2xx" -ne 0 ] || [ "$socket_errors" -ne 0 ]; then
				errors=$((errors + 1))
				log "$server $target round $round: $non_2xx non-2xx responses ($(result_field "$result" statuses)), $socket_errors socket errors"
			fi
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$target" "$server" \
				"$(result_field "$result" rps)" "$(result_field "$result" body_mb_per_s)" \
				"$(result_field "$result" requests)" "$non_2xx" "$socket_errors" "$server_cores" "$wrk_cores" \
				"$kernel_cores" "$other_cores" "$before" "$after" >>"$RESULTS"
		done
	done
done

kill -0 "$DOSSIER_PID" 2>/dev/null || fail "Dossier is no longer running; log: $DOSSIER_LOG"
if grep -q 'OutOfMemoryError' "$DOSSIER_LOG"; then
	log "Dossier's log reports an OutOfMemoryError: $DOSSIER_LOG"
	errors=$((errors + 1))
fi

echo
print_machine
echo "server: $(curl -s "http://127.0.0.1:$PORT/api/v1/version"), JVM options: ${JAVA_OPTS:-none}"
echo "load: $CONNECTIONS connections, ${THREADS:-2} wrk threads, ${DURATION}s each, warm-up ${WARMUP}s"
echo "MB/s = request body bytes sent per second / 10^6; ratio = Dossier / nginx in the same round"
echo
echo "cores = average CPU cores used by the server / wrk / kernel threads / all other processes during the measurement"
echo "CPU ms/req = the server's CPU time per request, which depends less on other processes' load than rps"
echo
awk -F '\t' '
	NR == 1 { next }
	{
		key = $1 SUBSEP $2
		rps[key, $3] = $4; mbs[key, $3] = $5; bad[key, $3] = $7 + $8; cores[key, $3] = $9 "/" $10 "/" $11 "/" $12
		cpu_ms[key, $3] = ($4 > 0) ? $9 * 1000 / $4 : 0
		if (!(key in seen)) { seen[key] = 1; order[++n] = key }
	}
	END {
		print "| round | endpoint | Dossier rps | Dossier MB/s | nginx rps | nginx MB/s | ratio | errors D/n | cores D | cores n | CPU ms/req D | CPU ms/req n |"
		print "|---|---|---|---|---|---|---|---|---|---|---|---|"
		for (i = 1; i <= n; i++) {
			split(order[i], parts, SUBSEP)
			key = order[i]
			ratio = (rps[key, "nginx"] > 0) ? rps[key, "dossier"] / rps[key, "nginx"] : 0
			printf "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.3f | %d/%d | %s | %s | %.3f | %.3f |\n", parts[1], parts[2],
				rps[key, "dossier"], mbs[key, "dossier"], rps[key, "nginx"], mbs[key, "nginx"], ratio,
				bad[key, "dossier"], bad[key, "nginx"], cores[key, "dossier"], cores[key, "nginx"],
				cpu_ms[key, "dossier"], cpu_ms[key, "nginx"]
		}
	}' "$RESULTS"
echo
echo "Raw results (load average before and after each measurement):"
cat "$RESULTS"

if [ "$errors" -ne 0 ]; then
	fail "$errors measurement(s) had non-2xx responses, socket errors or an OutOfMemoryError"
fi
