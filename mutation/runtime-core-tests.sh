# The test command of mutation/runtime-core.json (Stryker's command runner runs it once per mutant).
# Stages, each ending the run at its first failing test (--bail): the unit files under
# test/unit/runtime, which import src/runtime directly and take about a second, then (only if
# they pass) the end-to-end files through the compiled binary. A mutant the unit files kill
# costs that second. The end-to-end stage runs in a PID namespace of its own
# (mutation/isolated.sh): a server or child a mutant leaves running dies with the stage.
#
# MUTATION_RT_UNIT and MUTATION_RT_E2E replace the lists below; MUTATION_RT_NEW (any files)
# runs after the e2e stage, for end-to-end files written against a run's survivors.
# MUTATION_RT_LOG names a file that gets one line per mutant: its id and the stage that killed
# it (unit, e2e, new) or `survived`.
unit=${MUTATION_RT_UNIT:-"test/unit/runtime/dotenv.test.ts test/unit/runtime/tsconfig.test.ts test/unit/runtime/resolve.test.ts test/unit/runtime/module-format.test.ts test/unit/runtime/small.test.ts test/unit/runtime/select.test.ts test/unit/runtime/analyze.test.ts test/unit/runtime/decide.test.ts test/unit/runtime/uncaught.test.ts test/unit/runtime/bun-child.test.ts test/unit/runtime/guess.test.ts test/unit/runtime/code.test.ts"}
e2e=${MUTATION_RT_E2E:-"test/e2e/runtime/resolve.test.ts test/e2e/runtime/plan-search.test.ts test/e2e/cli/code.test.ts test/e2e/runtime/typescript.test.ts test/e2e/runtime/bun-program.test.ts test/e2e/runtime/python-pick.test.ts test/e2e/runtime/python.test.ts test/e2e/kinds/dialect.test.ts test/e2e/testing/test-command.test.ts test/e2e/runtime/run-plan.test.ts"}

# A unit stage still running after UNIT_LIMIT seconds (a mutant looping forever; a clean run
# takes about 2 s) is killed and counts as a kill, instead of waiting out Stryker's own timeout.
UNIT_LIMIT=${MUTATION_RT_UNIT_LIMIT:-30}

stage() {
  name=$1
  limit=$2
  shift 2
  [ -z "$*" ] && return 0
  timeout -s KILL "$limit" sh mutation/isolated.sh node_modules/.bin/bun test --bail --timeout 60000 "$@" && return 0
  code=$?
  [ -n "$MUTATION_RT_LOG" ] && echo "$__STRYKER_ACTIVE_MUTANT__ $name" >> "$MUTATION_RT_LOG"
  exit $code
}

stage unit "$UNIT_LIMIT" $unit
stage e2e 900 $e2e
stage new 900 $MUTATION_RT_NEW
[ -n "$MUTATION_RT_LOG" ] && echo "$__STRYKER_ACTIVE_MUTANT__ survived" >> "$MUTATION_RT_LOG"
exit 0
