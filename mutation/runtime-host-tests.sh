# The test command of mutation/runtime-host.json (Stryker's command runner runs it once per mutant).
# Two stages, each ending at its first failing test (--bail): the unit files, which import the
# Node hooks' helpers, the Python channel and module server and the interpreter discovery
# directly (a second or two), then, only when they pass, the end-to-end files through the
# compiled binary (real node and python3), which reach the .mjs hooks, the spawns and the
# runners. Each stage runs in a PID namespace of its own (mutation/isolated.sh): an
# interpreter a mutant leaves running dies with its stage.
#
# MUTATION_RT_UNIT and MUTATION_RT_E2E replace the lists below (narrow the e2e one to the files
# that reach the mutated file). MUTATION_RT_LOG names a file that gets one line per mutant: its
# id and the stage that killed it (unit, e2e) or `survived`.
unit=${MUTATION_RT_UNIT-"test/unit/runtime/node-columns.test.ts test/unit/runtime/node-attributes.test.ts test/unit/runtime/node-paths-data.test.ts test/unit/runtime/windows-path.test.ts test/unit/runtime/python-modules.test.ts test/unit/runtime/python-channel.test.ts test/unit/runtime/python-start.test.ts test/unit/runtime/interpreters.test.ts test/unit/runtime/node-transform.test.ts"}
e2e=${MUTATION_RT_E2E-"test/e2e/runtime/node-compat.test.ts test/e2e/runtime/python.test.ts test/e2e/runtime/python-pick.test.ts test/e2e/runtime/python-locale.test.ts test/e2e/python/package.test.ts test/e2e/python/module.test.ts"}

# A unit stage still running after UNIT_LIMIT seconds (a mutant looping forever) counts as a kill.
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
stage e2e 600 $e2e
[ -n "$MUTATION_RT_LOG" ] && echo "$__STRYKER_ACTIVE_MUTANT__ survived" >> "$MUTATION_RT_LOG"
exit 0
