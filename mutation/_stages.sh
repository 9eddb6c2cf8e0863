# Sourced by the staged test commands of mutation/*.json (runtime-core, runtime-host,
# server-sandbox). Each stage ends at its first failing test (--bail), in a PID namespace of its
# own (mutation/isolated.sh), so that whatever a mutant leaves running dies with the stage. A
# stage still running after its limit (seconds) is killed and counts as a kill: a mutant that
# loops, or stops a server from starting, would otherwise hold the run until Stryker's timeout.
# Set by the caller: LOG (optional) names a file that gets one line per mutant, its id and the
# stage that killed it with the exit code, or `survived`; TEST_TIMEOUT is bun's per-test limit.

stage() {
  name=$1
  limit=$2
  shift 2
  [ -z "$*" ] && return 0
  timeout -s KILL "$limit" sh mutation/isolated.sh node_modules/.bin/bun test --bail --timeout "${TEST_TIMEOUT:-60000}" "$@" && return 0
  code=$?
  [ -n "$LOG" ] && echo "$__STRYKER_ACTIVE_MUTANT__ $name $code" >> "$LOG"
  exit $code
}

survived() {
  [ -n "$LOG" ] && echo "$__STRYKER_ACTIVE_MUTANT__ survived" >> "$LOG"
  exit 0
}
