# The test command of mutation/daemon.json (Stryker's command runner runs it once per mutant).
# Two stages: the unit files, which import src/daemon directly and finish in about a second, then
# (only if they pass) the end-to-end files through the compiled binary, about 30 s. A mutant the
# unit files kill costs that second; --bail ends either stage at its first failing test.
# Each stage runs in a PID namespace of its own (mutation/isolated.sh): whatever a mutant leaves
# running (a supervisor that no longer stops, an app it no longer ends) dies with the stage.
unit=${MUTATION_DAEMON_UNIT:-"test/unit/daemon/policy-names.test.ts test/unit/daemon/state.test.ts test/unit/daemon/ps.test.ts"}
e2e=${MUTATION_DAEMON_E2E:-"test/e2e/daemon/signals.test.ts test/e2e/daemon/dialects.test.ts test/e2e/daemon/logs.test.ts test/e2e/daemon/startup.test.ts test/e2e/daemon/lifecycle.test.ts test/e2e/daemon/resilience.test.ts test/e2e/daemon/boot.test.ts"}

# Before and after in one pass: with MUTATION_DAEMON_SURVIVORS set, a mutant both stages miss has
# its id appended there, then MUTATION_DAEMON_NEW (the new test files) decides.
sh mutation/isolated.sh node_modules/.bin/bun test --bail --timeout 60000 $unit || exit $?
sh mutation/isolated.sh node_modules/.bin/bun test --bail --timeout 60000 $e2e || exit $?
if [ -n "$MUTATION_DAEMON_SURVIVORS" ]; then
  echo "$__STRYKER_ACTIVE_MUTANT__" >> "$MUTATION_DAEMON_SURVIVORS"
  if [ -n "$MUTATION_DAEMON_NEW" ]; then
    exec sh mutation/isolated.sh node_modules/.bin/bun test --bail --timeout 60000 $MUTATION_DAEMON_NEW
  fi
fi
