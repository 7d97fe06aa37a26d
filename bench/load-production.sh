#!/usr/bin/env bash
# Runs bench/load.sh twice in one go: first on the embedded storage (SQLite and a blob folder),
# then on PostgreSQL and an S3-compatible server (S3Proxy on 127.0.0.1, started here), so that
# the two setups are compared on the same machine in the same run.
#
# Environment (defaults in brackets), besides everything bench/load.sh reads:
#   PG_URL [jdbc:postgresql://127.0.0.1:5432/test]   PostgreSQL to use; a schema of its own is
#                                                     created and dropped
#   PG_USER [postgres]     PostgreSQL user, without a password (trust authentication)
#   S3_PORT [19000]        port of S3Proxy on 127.0.0.1
#   ROUNDS [1]             measurements of each server and body in each of the two runs
set -euo pipefail
cd "$(dirname "$0")/.."

PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
PG_USER=${PG_USER:-postgres}
S3_PORT=${S3_PORT:-19000}
export ROUNDS=${ROUNDS:-1}
: "${JAVA_HOME:?Set JAVA_HOME to a JDK 21 or newer}"

pg_host=$(sed -E 's#jdbc:postgresql://([^:/]+).*#\1#' <<<"$PG_URL")
pg_port=$(sed -E 's#jdbc:postgresql://[^:/]+:?([0-9]*)/.*#\1#' <<<"$PG_URL")
pg_db=$(sed -E 's#.*/([^/?]+).*#\1#' <<<"$PG_URL")
schema="dossier_bench_$(date +%s)"
work=$(mktemp -d)
s3_pid=""

cleanup() {
	if [ -n "$s3_pid" ]; then
		kill -- "-$s3_pid" 2>/dev/null || true
	fi
	psql -q -h "$pg_host" -p "${pg_port:-5432}" -U "$PG_USER" -d "$pg_db" \
		-c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

setsid scripts/s3proxy.sh "$S3_PORT" "$work/s3" dossier >"$work/s3proxy.log" 2>&1 &
s3_pid=$!
for _ in $(seq 1 120); do
	curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break
	kill -0 "$s3_pid" 2>/dev/null || { cat "$work/s3proxy.log" >&2; echo "S3Proxy did not start" >&2; exit 1; }
	sleep 1
done

echo "=== embedded storage: SQLite and a blob folder"
bench/load.sh | tee "$work/embedded.txt"

echo "=== production storage: PostgreSQL ($PG_URL, schema $schema) and S3Proxy on 127.0.0.1:$S3_PORT"
SPRING_DATASOURCE_URL="$PG_URL?currentSchema=$schema" \
	SPRING_DATASOURCE_USERNAME="$PG_USER" SPRING_DATASOURCE_PASSWORD="" \
	SPRING_FLYWAY_SCHEMAS="$schema" SPRING_FLYWAY_DEFAULT_SCHEMA="$schema" \
	DOSSIER_STORAGE_TYPE=s3 DOSSIER_STORAGE_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" \
	DOSSIER_STORAGE_S3_BUCKET=dossier DOSSIER_STORAGE_S3_ACCESS_KEY=local-access-key \
	DOSSIER_STORAGE_S3_SECRET_KEY=local-secret-key \
	DOSSIER_SIGNED_URLS_KEY="$(head -c 32 /dev/urandom | base64)" \
	bench/load.sh | tee "$work/production.txt"
