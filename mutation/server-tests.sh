# The test command of mutation/server.json (Stryker's command runner runs it once per mutant).
# Fastest and most discriminating files first, so --bail ends a killed mutant's run early;
# MUTATION_SERVER_TESTS narrows it to the files that can reach the mutated code.
tests=${MUTATION_SERVER_TESTS:-"test/unit/server/metrics.test.ts test/unit/server/require-isolation.test.ts test/unit/server/options.test.ts test/unit/server/limiter.test.ts test/unit/server/time.test.ts test/unit/server/plan.test.ts test/unit/server/workers.test.ts test/unit/server/siblings.test.ts test/e2e/server/seed.test.ts test/e2e/server/answers.test.ts test/e2e/server/guarantees.test.ts test/e2e/cli/error-cause.test.ts test/e2e/cli/polish.test.ts test/e2e/server/http.test.ts test/e2e/security/cli.test.ts test/e2e/server/isolation.test.ts test/e2e/server/metrics.test.ts test/e2e/server/execute.test.ts test/e2e/server/warm.test.ts test/e2e/server/probes.test.ts test/e2e/server/nginx.test.ts test/e2e/platform/guards.test.ts test/e2e/server/settings.test.ts test/e2e/server/workers.test.ts"}

# A run that bails skips the files' afterAll, leaving their API servers (and nginx) running: the
# tests run in a process group of their own, which is stopped when they end. (dash's kill takes no --.)
run() {
  setsid node_modules/.bin/bun test --bail --timeout 60000 "$@" &
  group=$!
  wait $group
  code=$?
  kill -TERM -$group 2>/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    kill -0 -$group 2>/dev/null || return $code
    sleep 0.5
  done
  kill -KILL -$group 2>/dev/null
  return $code
}

# Before and after in one pass: MUTATION_SERVER_BEFORE names the suites as they were; a mutant
# they miss has its id appended to MUTATION_SERVER_SURVIVORS, then the full list decides.
if [ -n "$MUTATION_SERVER_BEFORE" ]; then
  run $MUTATION_SERVER_BEFORE || exit $?
  echo "$__STRYKER_ACTIVE_MUTANT__" >> "$MUTATION_SERVER_SURVIVORS"
fi
run $tests
