# Sourced by the bench/ scripts (not run by itself): builds through the Maven reactor from the
# repository root, so a fresh clone with an empty local Maven repository works (no `mvn install`),
# and every failure says what failed. The caller sets USAGE and runs `cd` to the repository root.

# usage_error MESSAGE: the message and the usage line, exit 2.
usage_error() {
  echo "$0: $1" >&2
  echo "usage: $USAGE" >&2
  exit 2
}

# Prints the usage line and exits when the first argument asks for help.
help_requested() {
  case ${1:-} in -h | --help) echo "usage: $USAGE"; exit 0 ;; esac
}

# positive NAME VALUE: VALUE must be a whole number above 0.
positive() {
  [[ $2 =~ ^[1-9][0-9]*$ ]] || usage_error "$1 must be a whole number above 0, not '$2'"
}

# needs COMMAND...: each must be on the PATH.
needs() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || { echo "$0: needs '$c', which is not on the PATH" >&2; exit 1; }
  done
}

# build MAVEN_ARGS...: `mvn -B -q MAVEN_ARGS`; on failure, Maven's output and the command, exit 1.
# Maven options such as -Dmaven.repo.local=DIR can come in through MAVEN_OPTS.
build() {
  needs mvn java
  local log
  log=$(mktemp)
  echo "$0: building: mvn -B -q $* (the first run downloads the dependencies)" >&2
  if ! mvn -B -q "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "$0: the build failed (Maven's output above): mvn -B -q $*" >&2
    exit 1
  fi
  rm -f "$log"
}

# test_classpath MODULE: compiles MODULE's tests and the modules it needs, in one reactor run, and
# prints the class path to run MODULE's test classes with (siblings as their target/ folders).
test_classpath() {
  local module=$1
  # a relative outputFile lands in each reactor module's own folder
  build -pl "$module" -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
  echo "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench-classpath.txt")"
}

# start_stand_in WORK_DIR: copies WireMock standalone into WORK_DIR (once) and starts the stand-in
# Cloud Controller and UAA (bench/stand-in/) in a process of its own on a free port; sets
# STAND_IN_URL and STAND_IN_PID and stops it on exit. Fails, with WireMock's log, if it does not answer.
start_stand_in() {
  local work=$1 version=3.13.2 port
  needs curl
  mkdir -p "$work"
  local jar=$work/wiremock-standalone-$version.jar
  [ -f "$jar" ] || build -N dependency:copy -Dartifact=org.wiremock:wiremock-standalone:$version \
    -DoutputDirectory="$work" -Dmdep.overWriteReleases=false
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
  java -jar "$jar" --port "$port" --bind-address 127.0.0.1 --root-dir bench/stand-in \
    --global-response-templating --disable-banner --no-request-journal "${@:2}" >"$work/stand-in.log" 2>&1 &
  STAND_IN_PID=$!
  STAND_IN_URL=http://127.0.0.1:$port
  trap 'kill $STAND_IN_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do curl -fs "$STAND_IN_URL/" >/dev/null 2>&1 && return 0; sleep 0.2; done
  cat "$work/stand-in.log" >&2
  echo "$0: the WireMock stand-in did not answer on port $port within 20 s (its log above)" >&2
  exit 1
}
