# The test command of mutation/runtime-host.json (Stryker's command runner runs it once per mutant).
# Two stages, each ending at its first failing test (--bail): the unit files, which import the
# Node hooks' helpers, the Python channel and module server and the interpreter discovery
# directly (a second or two), then, only when they pass, the end-to-end files through the
# compiled binary (real node and python3), which reach the .mjs hooks, the spawns and the
# runners (mutation/_stages.sh runs each).
#
# MUTATION_RT_UNIT and MUTATION_RT_E2E replace the lists below (narrow the e2e one to the files
# that reach the mutated file). MUTATION_RT_LOG names a file that gets one line per mutant.
unit=${MUTATION_RT_UNIT-"test/unit/runtime/node-columns.test.ts test/unit/runtime/node-attributes.test.ts test/unit/runtime/node-paths-data.test.ts test/unit/runtime/windows-path.test.ts test/unit/runtime/python-modules.test.ts test/unit/runtime/python-channel.test.ts test/unit/runtime/python-start.test.ts test/unit/runtime/interpreters.test.ts test/unit/runtime/node-transform.test.ts"}
e2e=${MUTATION_RT_E2E-"test/e2e/runtime/node-compat.test.ts test/e2e/runtime/python.test.ts test/e2e/runtime/python-pick.test.ts test/e2e/runtime/python-locale.test.ts test/e2e/python/package.test.ts test/e2e/python/module.test.ts"}

UNIT_LIMIT=${MUTATION_RT_UNIT_LIMIT:-30}
LOG=$MUTATION_RT_LOG
. mutation/_stages.sh

stage unit "$UNIT_LIMIT" $unit
stage e2e 600 $e2e
survived
