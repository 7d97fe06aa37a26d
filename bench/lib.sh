# Functions shared by bench/load.sh, bench/memory-check.sh and bench/soak.sh. This file is sourced,
# not run.
#
# Every process started here is recorded in STARTED_PIDS and stopped by stop_started on exit,
# whether the script succeeds or fails. Servers listen on 127.0.0.1 only.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
STARTED_PIDS=()
WORK_DIR=""

log() {
	printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2
}

fail() {
	log "ERROR: $*"
	exit 1
}

# Installs the Debian packages named in the arguments that are missing. A policy-rc.d that
# refuses service starts is put in place for the install when none exists, so that installing
# nginx does not start the system's nginx on port 80.
install_missing() {
	local missing=()
	local command package
	for pair in "$@"; do
		command=${pair%%:*}
		package=${pair#*:}
		if ! command -v "$command" >/dev/null 2>&1; then
			missing+=("$package")
		fi
	done
	if [ ${#missing[@]} -eq 0 ]; then
		return 0
	fi
	[ "$(id -u)" -eq 0 ] || fail "missing ${missing[*]}: install them with apt-get (needs root)"

	log "installing ${missing[*]} with apt-get"
	local policy=/usr/sbin/policy-rc.d
	local added_policy=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		added_policy=1
	fi
	local status=0
	apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null ||
		status=$?
	if [ "$added_policy" -eq 1 ]; then
		rm -f "$policy"
	fi
	[ "$status" -eq 0 ] || fail "apt-get install ${missing[*]} failed with status $status"
}

# Creates WORK_DIR, a temp folder for bodies, logs and server data; removed on exit unless
# KEEP_WORK_DIR=1.
make_work_dir() {
	WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dossier-bench.XXXXXX")
	log "work folder: $WORK_DIR"
}

# Stops every process this script started, by PID: SIGTERM, up to 20 s to exit, then SIGKILL.
stop_started() {
	local pid waited
	for pid in "${STARTED_PIDS[@]}"; do
		if kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid" 2>/dev/null || true
			waited=0
			while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 200 ]; do
				sleep 0.1
				waited=$((waited + 1))
			done
			if kill -0 "$pid" 2>/dev/null; then
				log "process $pid did not stop within 20 s of SIGTERM; sending SIGKILL"
				kill -KILL "$pid" 2>/dev/null || true
			fi
		fi
		wait "$pid" 2>/dev/null || true
	done
	STARTED_PIDS=()
}

# Logs the command that made the script stop under `set -e`, which otherwise stops silently.
log_failed_command() {
	log "ERROR: command failed with status $1 (line $2): $3"
}

cleanup() {
	local status=$?
	stop_started
	if [ -n "$WORK_DIR" ] && [ -d "$WORK_DIR" ]; then
		if [ "${KEEP_WORK_DIR:-0}" = 1 ] || [ "$status" -ne 0 ]; then
			log "kept $WORK_DIR (logs and bodies)"
		else
			rm -rf "$WORK_DIR"
		fi
	fi
	exit "$status"
}

port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints the Dossier jar to run: $JAR, or the one built under target/.
find_jar() {
	if [ -n "${JAR:-}" ]; then
		[ -f "$JAR" ] || fail "JAR=$JAR does not exist"
		printf '%s\n' "$JAR"
		return
	fi
	local jar
	jar=$(ls -t "$REPO_DIR"/target/dossier-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -n 1)
	[ -n "$jar" ] || fail "no jar under $REPO_DIR/target: build it with ./mvnw -q -B -DskipTests package, or set JAR"
	printf '%s\n' "$jar"
}

# Prints the java command: $JAVA, else $JAVA_HOME/bin/java, else java on the PATH.
find_java() {
	if [ -n "${JAVA:-}" ]; then
		printf '%s\n' "$JAVA"
	elif [ -n "${JAVA_HOME:-}" ]; then
		printf '%s\n' "$JAVA_HOME/bin/java"
	else
		printf '%s\n' java
	fi
}

# Starts Dossier on 127.0.0.1:$1 with data under $2 and extra JVM options after that; waits up
# to 90 s until GET /api/v1/version returns 2xx. Sets DOSSIER_PID and DOSSIER_LOG.
start_dossier() {
	local port=$1 data_dir=$2
	shift 2
	local java jar
	java=$(find_java)
	jar=$(find_jar)
	port_in_use "$port" && fail "port $port on 127.0.0.1 is already in use; set PORT to a free one"

	DOSSIER_LOG="$WORK_DIR/dossier.log"
	log "starting Dossier ($jar) on 127.0.0.1:$port with JVM options: $*"
	# One benchmark user sends thousands of uploads, far past the default per-account limits and quota.
	"$java" "$@" -jar "$jar" --server.address=127.0.0.1 --server.port="$port" \
		--dossier.storage.data-dir="$data_dir" --dossier.rate-limits.uploads-per-account=1000000000 \
		--dossier.storage.quota-per-account=1TB \
		--dossier.rate-limits.logins-per-account=1000000000 >"$DOSSIER_LOG" 2>&1 &
	DOSSIER_PID=$!
	STARTED_PIDS+=("$DOSSIER_PID")

	local tries=0
	until curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/version"; do
		if ! kill -0 "$DOSSIER_PID" 2>/dev/null; then
			tail -n 20 "$DOSSIER_LOG" >&2
			fail "Dossier exited during start-up; log: $DOSSIER_LOG"
		fi
		tries=$((tries + 1))
		[ "$tries" -lt 900 ] || fail "Dossier did not respond on port $port within 90 s; log: $DOSSIER_LOG"
		sleep 0.1
	done
	log "Dossier is up (PID $DOSSIER_PID)"
}

# Registers a new user on the Dossier at base URL $1 and prints its access token. The optional
# suffix $2 makes the user names unique when a run registers several users within one second.
register_user() {
	local base=$1
	local name="bench$(date +%s)$$${2:+-$2}"
	local password="bench-password-$$"
	local response
	response=$(curl -sS -f -X POST "$base/api/v1/register" -H 'Content-Type: application/json' \
		--data-binary "{\"username\": \"$name\", \"email\": \"$name@example.com\", \"password\": \"$password\", \"password_repeat\": \"$password\", \"first_name\": \"Bench\", \"last_name\": \"User\"}") ||
		fail "POST /api/v1/register failed"
	local token
	token=$(printf '%s' "$response" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
	[ -n "$token" ] || fail "the register response has no access_token: $response"
	printf '%s\n' "$token"
}

# Writes a plain-text CV of $CV_DECODED_BYTES bytes (default 7864320 = 7.5 MiB, which Tika detects
# as text/plain) and its upload body, whose base64 is then 10485760 characters (10 MiB), to
# $1/cv.txt and $1/cv.json.
make_cv_body() {
	local dir=$1
	local size=${CV_DECODED_BYTES:-7864320}
	[ "$size" -lt 10485760 ] || fail "CV_DECODED_BYTES=$size is not below the CV limit of 10485760 bytes"
	awk -v size="$size" 'BEGIN {
		written = 0
		for (n = 0; written < size; n++) {
			line = sprintf("Line %07d: built streaming uploads, storage and tests; plain text for a load benchmark.\n", n)
			if (written + length(line) > size) line = substr(line, 1, size - written)
			written += length(line)
			printf "%s", line
		}
	}' >"$dir/cv.txt"
	{
		printf '{"upload_content": "'
		base64 -w 0 "$dir/cv.txt"
		printf '", "upload_filename": "bench-cv.txt"}'
	} >"$dir/cv.json"
}

# Runs wrk against URL $1 with body file $2 and token $3 (may be empty) for $4 connections and
# $5 seconds; prints wrk's output and ends with the RESULT line from upload.lua.
run_wrk() {
	local url=$1 body=$2 token=$3 connections=$4 seconds=$5
	local threads=${THREADS:-2}
	if [ "$threads" -gt "$connections" ]; then
		threads=$connections
	fi
	BENCH_BODY="$body" BENCH_TOKEN="$token" wrk -t "$threads" -c "$connections" -d "${seconds}s" \
		--timeout "${WRK_TIMEOUT:-30}s" --latency -s "$BENCH_DIR/upload.lua" "$url"
}

# Prints the live heap from the last line of jcmd GC.class_histogram output $1, which reads
# "Total <instances> <bytes>".
histogram_total() {
	awk '
		$1 == "Total" { found = 1; printf "%.1f MiB", $3 / 1048576 }
		END { if (!found) printf "not measured (see %s)", FILENAME }
	' "$1"
}

# Prints the value of field $2 from RESULT line $1.
result_field() {
	printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# Prints the date, CPU, memory, JDK and tool versions, for the record of a run.
print_machine() {
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "cpu: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "memory: $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "java: $("$(find_java)" -version 2>&1 | head -n 1)"
	# wrk -v prints its version and usage, then exits with status 1.
	echo "wrk: $( (wrk -v 2>&1 || true) | head -n 1)"
	if command -v nginx >/dev/null 2>&1; then
		echo "nginx: $(nginx -v 2>&1)"
	fi
}

# Sets CPU_SNAPSHOT to the time and to the CPU seconds used so far by four groups. They are the
# whole machine, the processes with the given PIDs with their children (nginx's workers), this
# shell's waited-for children (wrk), and the kernel's threads (such as the writeback workers).
# cpu_shares turns two snapshots into cores used. Call it in the main shell, not in $(...),
# because `times` reports the children of the calling shell.
cpu_snapshot() {
	local ticks_per_second machine servers=0 pid child
	ticks_per_second=$(getconf CLK_TCK)
	machine=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)
	for pid in "$@"; do
		for child in "$pid" $(pgrep -P "$pid" || true); do
			if [ -r "/proc/$child/stat" ]; then
				# Fields after the command name, which is in parentheses: utime is the 12th, stime the 13th.
				servers=$((servers + $( (sed 's/.*) //' "/proc/$child/stat" 2>/dev/null || true) |
					awk '{ ticks = $12 + $13 } END { print ticks + 0 }')))
			fi
		done
	done
	times >"$WORK_DIR/times.txt"
	local children
	children=$(tail -n 1 "$WORK_DIR/times.txt" | awk '{
		total = 0
		for (i = 1; i <= 2; i++) { split($i, part, /[ms]/); total += part[1] * 60 + part[2] }
		print total
	}')
	# Kernel threads are the children of kthreadd, PID 2; field 2 after the command name is the PPID.
	local kernel
	# cat fails for processes that exit while it reads, so its status is ignored.
	kernel=$( (cat /proc/[0-9]*/stat 2>/dev/null || true) | sed 's/.*) //' |
		awk '$2 == 2 { total += $12 + $13 } END { print total + 0 }')
	CPU_SNAPSHOT=$(awk -v m="$machine" -v s="$servers" -v c="$children" -v k="$kernel" -v hz="$ticks_per_second" \
		-v now="$(date +%s.%N)" 'BEGIN { printf "%.3f %.2f %.2f %.2f %.2f\n", now, m / hz, s / hz, c, k / hz }')
}

# Prints the average CPU cores used between two cpu_snapshot outputs $1 and $2 by the servers,
# by wrk, by kernel threads and by all other processes on the machine, in that order. CPU time
# spent in interrupts counts as other processes'.
cpu_shares() {
	printf '%s %s\n' "$1" "$2" | awk '{
		seconds = $6 - $1
		servers = $8 - $3
		wrk = $9 - $4
		kernel = $10 - $5
		if (kernel < 0) kernel = 0
		others = ($7 - $2) - servers - wrk - kernel
		if (others < 0) others = 0
		printf "%.2f %.2f %.2f %.2f\n", servers / seconds, wrk / seconds, kernel / seconds, others / seconds
	}'
}

load_average() {
	cut -d ' ' -f 1-3 /proc/loadavg
}
