# The test command of mutation/runtime-core.json (Stryker's command runner runs it once per mutant).
# Stages (mutation/_stages.sh): the unit files under test/unit/runtime, which import
# src/runtime directly and take about a second, then (only if they pass) the end-to-end files
# through the compiled binary. A mutant the unit files kill costs that second.
#
# MUTATION_RT_UNIT and MUTATION_RT_E2E replace the lists below; MUTATION_RT_NEW (any files)
# runs after the e2e stage, for end-to-end files written against a run's survivors.
# MUTATION_RT_LOG names a file that gets one line per mutant (see mutation/_stages.sh).
unit=${MUTATION_RT_UNIT:-"test/unit/runtime/dotenv.test.ts test/unit/runtime/tsconfig.test.ts test/unit/runtime/resolve.test.ts test/unit/runtime/module-format.test.ts test/unit/runtime/small.test.ts test/unit/runtime/select.test.ts test/unit/runtime/analyze.test.ts test/unit/runtime/decide.test.ts test/unit/runtime/uncaught.test.ts test/unit/runtime/bun-child.test.ts test/unit/runtime/guess.test.ts test/unit/runtime/code.test.ts"}
e2e=${MUTATION_RT_E2E:-"test/e2e/runtime/resolve.test.ts test/e2e/runtime/plan-search.test.ts test/e2e/cli/code.test.ts test/e2e/runtime/typescript.test.ts test/e2e/runtime/bun-program.test.ts test/e2e/runtime/python-pick.test.ts test/e2e/runtime/python.test.ts test/e2e/kinds/dialect.test.ts test/e2e/testing/test-command.test.ts test/e2e/runtime/run-plan.test.ts"}

UNIT_LIMIT=${MUTATION_RT_UNIT_LIMIT:-30}
LOG=$MUTATION_RT_LOG
. mutation/_stages.sh

stage unit "$UNIT_LIMIT" $unit
stage e2e 900 $e2e
stage new 900 $MUTATION_RT_NEW
survived
