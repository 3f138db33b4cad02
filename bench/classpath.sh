# Sourced by the Java benchmarks' run.sh: builds the server and its test fixtures with Maven and sets $classpath
# to the test classes, the classes and their dependencies. Needs $root, the repository's folder.
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q ${MVN_OFFLINE:--o} -pl hold-server -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
classpath="$root/hold-server/target/test-classes:$root/hold-server/target/classes:$(cat "$cp_file")"
