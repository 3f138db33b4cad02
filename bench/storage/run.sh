#!/usr/bin/env bash
# The storage benchmark (docs/storage.md): a 1 GiB blob up and down through the hold (-Xmx128m), against dd and nginx
# on the same machine and files, and getQuota over 100,000 layer records. Loopback only; bounded; cleans up after itself.
# With --driver s3 it measures the S3 driver instead, against an S3 server on loopback (S3Bench.java).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "${1:-}" = "--driver" ]; then
  case "${2:-}" in
    filesystem) ;;
    s3)
      root="$(pwd)"
      . "$root/bench/classpath.sh"
      WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/hold-s3-bench.XXXXXX")
      trap 'rm -rf "$WORK"' EXIT INT TERM
      echo "writing a 1 GiB blob of random bytes and its ${PART_MIB:-64} MiB parts under $WORK"
      head -c 1G /dev/urandom > "$WORK/blob.bin"
      mkdir "$WORK/parts" && split -b "${PART_MIB:-64}m" -a 3 "$WORK/blob.bin" "$WORK/parts/part-"
      digest="sha256:$(sha256sum "$WORK/blob.bin" | cut -d' ' -f1)"
      timeout "${TIME_LIMIT:-900}" java ${JAVA_OPTS:-} -Ds3proxy.jar="$root/hold-server/target/s3proxy/s3proxy.jar" \
        -Dorg.slf4j.simpleLogger.logFile="$WORK/hold.log" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        -Dorg.slf4j.simpleLogger.log.io.atcr.hold.storage.s3=info \
        -cp "$classpath" bench/storage/S3Bench.java "$WORK" "$digest"
      exit 0 ;;
    *) echo "usage: bench/storage/run.sh [--driver filesystem|s3]" >&2; exit 2 ;;
  esac
fi

HOLD_PORT=${HOLD_PORT:-18480}
DID_PORT=${DID_PORT:-18481}
NGINX_PORT=${NGINX_PORT:-18482}
REGISTRY_PORT=${REGISTRY_PORT:-18483}
PART_MIB=${PART_MIB:-64}
TIME_LIMIT=${TIME_LIMIT:-900}

if ! command -v nginx >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing nginx (Debian's package)"
    apt-get update -qq && apt-get install -y -qq nginx >/dev/null
  else
    echo "nginx is missing: apt-get install nginx, then run again" >&2
    exit 1
  fi
fi
NGINX=$(command -v nginx)
# The blob store a user would otherwise run: Debian's docker-registry (CNCF distribution 2.8, filesystem storage).
if ! command -v docker-registry >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing docker-registry (Debian's package)"
    apt-get update -qq && apt-get install -y -qq docker-registry >/dev/null
  else
    echo "docker-registry is missing: apt-get install docker-registry, then run again" >&2
    exit 1
  fi
fi

WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/hold-storage-bench.XXXXXX")
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  [ -f "$WORK/registry.pid" ] && kill "$(cat "$WORK/registry.pid")" 2>/dev/null || true
  [ -f "$WORK/hold.pid" ] && kill "$(cat "$WORK/hold.pid")" 2>/dev/null || true
  sleep 1
  [ -f "$WORK/hold.log" ] && cp "$WORK/hold.log" "${BENCH_DIR:-/tmp}/hold-storage-bench-last.log"
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

echo "building hold.jar"
mvn -B -q -o package -DskipTests -pl hold-server -am 2>/dev/null || mvn -B -q package -DskipTests -pl hold-server -am
JAR=hold-server/target/hold.jar

echo "writing four 1 GiB source files of random bytes under $WORK"
for f in single multi single2 multi2; do head -c 1G /dev/urandom > "$WORK/$f.bin"; done
sync

mkdir -p "$WORK/data/blobs"
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat > "$WORK/nginx.conf" <<CONF
$USER_LINE
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 64; }
http {
  sendfile on;
  tcp_nopush on;
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path $WORK/nginx-tmp;
  proxy_temp_path $WORK/nginx-tmp;
  fastcgi_temp_path $WORK/nginx-tmp;
  uwsgi_temp_path $WORK/nginx-tmp;
  scgi_temp_path $WORK/nginx-tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/data/blobs;
  }
}
CONF
mkdir -p "$WORK/nginx-tmp"
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK"

mkdir -p "$WORK/registry"
cat > "$WORK/registry.yml" <<CONF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $WORK/registry
http:
  addr: 127.0.0.1:$REGISTRY_PORT
CONF
docker-registry serve "$WORK/registry.yml" > "$WORK/registry.log" 2>&1 &
echo $! > "$WORK/registry.pid"

timeout "$TIME_LIMIT" java -cp "$JAR" bench/storage/StorageBench.java \
  --work="$WORK" --jar="$JAR" --hold-port="$HOLD_PORT" --did-port="$DID_PORT" --nginx-port="$NGINX_PORT" --registry-port="$REGISTRY_PORT" \
  --part-mib="$PART_MIB" --single="$WORK/single.bin" --multi="$WORK/multi.bin" \
  --single2="$WORK/single2.bin" --multi2="$WORK/multi2.bin"
