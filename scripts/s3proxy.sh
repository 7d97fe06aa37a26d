#!/usr/bin/env bash
# Starts S3Proxy, an S3-compatible server, on 127.0.0.1 for trying Dossier's S3 storage locally.
# It uses the S3Proxy that the tests already depend on, keeps objects in a folder and creates one
# bucket. Stop it with Ctrl-C. Not for production: use a real S3 service or MinIO there.
#
#   scripts/s3proxy.sh [PORT] [FOLDER] [BUCKET]   (defaults: 9000, ./s3-data, dossier)
#
# Credentials: access key "local-access-key", secret key "local-secret-key".
set -euo pipefail
cd "$(dirname "$0")/.."

port="${1:-9000}"
folder="$(realpath -m "${2:-./s3-data}")"
bucket="${3:-dossier}"
: "${JAVA_HOME:?Set JAVA_HOME to a JDK 21 or newer}"

mkdir -p "$folder/$bucket" target
if [[ ! -s target/test-classpath.txt ]]; then
	./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi

config="$(mktemp)"
trap 'rm -f "$config"' EXIT
cat > "$config" <<CONFIG
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=local-access-key
s3proxy.credential=local-secret-key
jclouds.provider=filesystem
jclouds.filesystem.basedir=$folder
CONFIG

echo "S3Proxy on http://127.0.0.1:$port, bucket '$bucket', objects under $folder"
"$JAVA_HOME/bin/java" -cp "$(cat target/test-classpath.txt)" org.gaul.s3proxy.Main --properties "$config"
