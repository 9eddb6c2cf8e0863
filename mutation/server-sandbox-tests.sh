# The test command of mutation/server-sandbox.json (src/server/sandbox/ and the pool of
# src/server/workers.ts). Stages, each ending at its first failing test (--bail) in a PID
# namespace of its own (mutation/isolated.sh), so that whatever a mutant leaves running (an API
# server, a zygote, an execution) dies with the stage:
#   unit: files that import the sandbox's parts and run real processes, a few seconds;
#   e2e:  the API suites through the instrumented binary, only for what the unit stage missed.
# A stage still running after its limit is killed and counts as a kill: a mutant that stops a
# worker or a zygote from starting would otherwise hold the run until Stryker's own timeout.
#
# MUTATION_SANDBOX_UNIT / MUTATION_SANDBOX_E2E replace the lists (set empty, a stage is skipped); MUTATION_SANDBOX_LOG names a
# file that gets one line per mutant: its id and the stage that killed it, or `survived`.
unit=${MUTATION_SANDBOX_UNIT-"test/unit/server/sandbox-view.test.ts test/unit/server/sandbox-output.test.ts test/unit/server/sandbox-prefix.test.ts test/unit/server/sandbox-isolation.test.ts test/unit/server/sandbox-cgroup.test.ts test/unit/server/sandbox-uid.test.ts test/unit/server/sandbox-whole.test.ts test/unit/server/sandbox-run.test.ts"}
e2e=${MUTATION_SANDBOX_E2E-"test/e2e/server/guarantees.test.ts test/e2e/server/execute.test.ts test/e2e/server/isolation.test.ts test/e2e/server/warm.test.ts"}
UNIT_LIMIT=${MUTATION_SANDBOX_UNIT_LIMIT:-40}
E2E_LIMIT=${MUTATION_SANDBOX_E2E_LIMIT:-120}
# bun's per-test limit: lower it (e.g. 20000 for workers.test.ts) so that a test waiting for a
# worker that never listens fails at once instead of holding the stage.
TEST_TIMEOUT=${MUTATION_SANDBOX_TEST_TIMEOUT:-60000}

stage() {
  name=$1
  limit=$2
  shift 2
  [ -z "$*" ] && return 0
  timeout -s KILL "$limit" sh mutation/isolated.sh node_modules/.bin/bun test --bail --timeout "$TEST_TIMEOUT" "$@" && return 0
  code=$?
  [ -n "$MUTATION_SANDBOX_LOG" ] && echo "$__STRYKER_ACTIVE_MUTANT__ $name $code" >> "$MUTATION_SANDBOX_LOG"
  exit $code
}

stage unit "$UNIT_LIMIT" $unit
stage e2e "$E2E_LIMIT" $e2e
[ -n "$MUTATION_SANDBOX_LOG" ] && echo "$__STRYKER_ACTIVE_MUTANT__ survived" >> "$MUTATION_SANDBOX_LOG"
exit 0
