# What the bench scripts share; sourced (`. "$ROOT/bench/lib.sh"` after ROOT is set), not executed.
#   bench_init NAME          OUT=$ROOT/bench/results/NAME-<UTC stamp>.txt (STAMP: the stamp); makes bench/results
#   log TEXT...              prints TEXT and appends it to $OUT
#   need TOOL...             installs a missing TOOL with apt-get (psql: postgresql-client, nginx: nginx-light)
#   build_if_missing [APP]   ./mvnw package in APP (default $ROOT) unless its quarkus-run.jar is there
#   cores_cpu, loadavg       "N cores, <CPU model>"; the three load averages
#   machine_line             "N cores, <CPU model>; commit <short hash>; load average <3 values>"
#   start_dev PORT DB_PORT DATA_DIR LOG [APP]
#                            `APP/bin/plystractl start-dev` in the background (APP: default $ROOT; an empty
#                            DATA_DIR: plystractl's default), output appended to LOG; sets LAUNCHER to its pid.
#                            Call it directly, never in $(...): LAUNCHER must be set in the caller's shell.
#   wait_ready BASE LOG [WHAT] [TRIES]
#                            waits for BASE/api/v1/ready (TRIES x 1 s, default 180), else exits 1 pointing to LOG
#   stop_dev [-P]            stops LAUNCHER (with -P: SIGTERM to its children first) and waits for it
#   login_token BASE [EMAIL] [PASSWORD]
#                            prints the access token of a login (default: alice, plystra-demo)
# shellcheck shell=bash

bench_init() {
  STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
  OUT="$ROOT/bench/results/${1:+$1-}$STAMP.txt"
  mkdir -p "$ROOT/bench/results"
}

log() { echo "$*" | tee -a "$OUT"; }

need() {
  local tool pkg
  for tool in "$@"; do
    if command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ]; then continue; fi
    case "$tool" in psql) pkg=postgresql-client ;; nginx) pkg=nginx-light ;; *) pkg=$tool ;; esac
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq "$pkg" >/dev/null; else echo "install $tool (apt-get install $pkg)" >&2; exit 1; fi
  done
}

# shellcheck disable=SC2120 # optional arguments
build_if_missing() {
  local app="${1:-$ROOT}"
  [ -f "$app/target/quarkus-app/quarkus-run.jar" ] || (cd "$app" && ./mvnw -B -q package -DskipTests)
}

cores_cpu() { echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
machine_line() { echo "$(cores_cpu); commit $(git -C "$ROOT" rev-parse --short HEAD); load average $(loadavg)"; }

start_dev() {
  # plystractl execs into start-dev's JVM (and env execs plystractl): LAUNCHER is that JVM, whose exit
  # stops its server and database. Other variables (PLYSTRA_GRPC_PORT=... start_dev ...) reach it too.
  SERVER_PORT="$1" PLYSTRA_DEV_DB_PORT="$2" env ${3:+"PLYSTRA_DEV_DATA_DIR=$3"} \
    "${5:-$ROOT}/bin/plystractl" start-dev >> "$4" 2>&1 &
  LAUNCHER=$!
}

wait_ready() {
  for _ in $(seq 1 "${4:-180}"); do curl -fs "$1/api/v1/ready" >/dev/null 2>&1 && break; sleep 1; done
  curl -fs "$1/api/v1/ready" >/dev/null || { echo "${3:-server} did not become ready; see $2" >&2; exit 1; }
}

# shellcheck disable=SC2120 # optional arguments
stop_dev() {
  [ -n "${LAUNCHER:-}" ] || return 0
  if [ "${1:-}" = -P ]; then pkill -TERM -P "$LAUNCHER" 2>/dev/null || true; fi
  kill -TERM "$LAUNCHER" 2>/dev/null || true
  wait "$LAUNCHER" 2>/dev/null || true
  LAUNCHER=""
}

login_token() {
  curl -fs "$1/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"${2:-alice@example.com}\",\"password\":\"${3:-plystra-demo}\"}" \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}
