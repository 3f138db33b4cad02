#!/usr/bin/env bash
# The repository's speed: commits/s (crew changes, 200-layer pushes), getRepo of 100,000 layer records under -Xmx128m
# (time, memory), firehose fan-out to 50 consumers. Usage: bench/repo/run.sh [records=100000]  (about 3 minutes)
# Builds the server and its test fixtures with Maven, then runs RepoBench.java on them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. "$root/bench/classpath.sh"
exec java -Xmx2g ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.logFile=System.err -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" bench/repo/RepoBench.java "$@"
