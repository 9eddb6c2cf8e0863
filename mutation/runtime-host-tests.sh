# The test command of mutation/runtime-host.json (Stryker's command runner runs it once per mutant).
# Two stages, each ending at its first failing test (--bail): the unit files, which import the
# Node hooks' helpers, the Python channel and module server and the interpreter discovery
# directly, run the .mjs hooks in the real node and runNode/runPython/--python-channel from
# source (a few seconds each), then, only when they pass, the end-to-end files through the
# compiled binary (real node and python3), which reach the embedded Python package's folder,
# register.mjs and serve.mjs, and the runners (mutation/_stages.sh runs each).
#
# MUTATION_RT_UNIT and MUTATION_RT_E2E replace the lists below (narrow the e2e one to the files
# that reach the mutated file). MUTATION_RT_LOG names a file that gets one line per mutant.
unit=${MUTATION_RT_UNIT-"test/unit/runtime/node-columns.test.ts test/unit/runtime/node-attributes.test.ts test/unit/runtime/node-paths-data.test.ts test/unit/runtime/windows-path.test.ts test/unit/runtime/python-modules.test.ts test/unit/runtime/python-channel.test.ts test/unit/runtime/python-start.test.ts test/unit/runtime/interpreters.test.ts test/unit/runtime/node-transform.test.ts test/unit/runtime/node-hooks.test.ts test/unit/runtime/node-run.test.ts test/unit/runtime/python-run.test.ts test/unit/runtime/python-channel-serve.test.ts"}
e2e=${MUTATION_RT_E2E-"test/e2e/runtime/python-package-folder.test.ts test/e2e/runtime/python-opening.test.ts test/e2e/runtime/node-compat.test.ts test/e2e/runtime/python.test.ts test/e2e/runtime/python-pick.test.ts test/e2e/runtime/python-locale.test.ts test/e2e/python/package.test.ts test/e2e/python/module.test.ts test/e2e/cli/repl.test.ts"}

UNIT_LIMIT=${MUTATION_RT_UNIT_LIMIT:-150}
LOG=$MUTATION_RT_LOG
. mutation/_stages.sh

stage unit "$UNIT_LIMIT" $unit
stage e2e 600 $e2e
survived
