#!/usr/bin/env bash
# Verified-request throughput vs _health on one hold over loopback. Usage: bench/auth/run.sh [concurrency=8] [slices=20]
# Builds the server and its test fixtures (the identity stand-in) with Maven, then runs AuthBench.java on them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q ${MVN_OFFLINE:--o} -pl hold-server -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
classpath="$root/hold-server/target/test-classes:$root/hold-server/target/classes:$(cat "$cp_file")"
exec java -Xmx1g ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.logFile=System.err -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" bench/auth/AuthBench.java "$@"
