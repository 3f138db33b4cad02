#!/usr/bin/env bash
# Verified-request throughput vs _health on one hold over loopback. Usage: bench/auth/run.sh [concurrency=8] [slices=20]
# Builds the server and its test fixtures (the identity stand-in) with Maven, then runs AuthBench.java on them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. "$root/bench/classpath.sh"
exec java -Xmx1g ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.logFile=System.err -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" bench/auth/AuthBench.java "$@"
