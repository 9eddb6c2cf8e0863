# The test command of mutation/server-sandbox.json (src/server/sandbox/ and the pool of
# src/server/workers.ts). Stages (mutation/_stages.sh):
#   unit: files that import the sandbox's parts and run real processes, a few seconds;
#   e2e:  the API suites through the instrumented binary, only for what the unit stage missed.
#
# MUTATION_SANDBOX_UNIT / MUTATION_SANDBOX_E2E replace the lists (set empty, a stage is skipped);
# MUTATION_SANDBOX_LOG names a file that gets one line per mutant.
unit=${MUTATION_SANDBOX_UNIT-"test/unit/server/sandbox-view.test.ts test/unit/server/sandbox-output.test.ts test/unit/server/sandbox-prefix.test.ts test/unit/server/sandbox-isolation.test.ts test/unit/server/sandbox-cgroup.test.ts test/unit/server/sandbox-uid.test.ts test/unit/server/sandbox-whole.test.ts test/unit/server/sandbox-run.test.ts"}
e2e=${MUTATION_SANDBOX_E2E-"test/e2e/server/guarantees.test.ts test/e2e/server/execute.test.ts test/e2e/server/isolation.test.ts test/e2e/server/warm.test.ts"}
UNIT_LIMIT=${MUTATION_SANDBOX_UNIT_LIMIT:-40}
E2E_LIMIT=${MUTATION_SANDBOX_E2E_LIMIT:-120}
# bun's per-test limit: lower it (e.g. 20000 for workers.test.ts) so that a test waiting for a
# worker that never listens fails at once instead of holding the stage.
TEST_TIMEOUT=${MUTATION_SANDBOX_TEST_TIMEOUT:-60000}
LOG=$MUTATION_SANDBOX_LOG
. mutation/_stages.sh

stage unit "$UNIT_LIMIT" $unit
stage e2e "$E2E_LIMIT" $e2e
survived
