# The test command of mutation/daemon.json (Stryker's command runner runs it once per mutant).
# Stages, each ending the run at its first failing test (--bail): the unit files, which import
# src/daemon directly and take about a second, then (only if they pass) the end-to-end files
# through the compiled binary, about 30 s. A mutant the unit files kill costs that second.
# Each stage runs in a PID namespace of its own (mutation/isolated.sh): whatever a mutant leaves
# running (a supervisor that no longer stops, an app it no longer ends) dies with the stage.
#
# MUTATION_DAEMON_UNIT, MUTATION_DAEMON_NEW_UNIT (set it empty to skip that stage) and
# MUTATION_DAEMON_E2E replace the lists below; MUTATION_DAEMON_NEW (any files) runs after the e2e one:
# with the old suites in the unit and e2e lists, a mutant killed in stage 1 or 3 is killed "before" too.
# MUTATION_DAEMON_LOG names a file that gets one line per mutant: its id, the stage that killed
# it (unit, new-unit, e2e, new) and that stage's exit code (137: killed at its limit), or `survived`.
unit=${MUTATION_DAEMON_UNIT:-"test/unit/daemon/policy-names.test.ts test/unit/daemon/state.test.ts test/unit/daemon/spec.test.ts test/unit/daemon/startup.test.ts test/unit/daemon/lock.test.ts test/unit/daemon/control.test.ts test/unit/daemon/processes.test.ts test/unit/daemon/logs.test.ts test/unit/daemon/ps.test.ts test/unit/daemon/watch.test.ts"}
# The unit files that start real supervisors and control commands (seconds, not one): stage 2.
new_unit=${MUTATION_DAEMON_NEW_UNIT-"test/unit/daemon/supervisor.test.ts test/unit/daemon/control-start.test.ts test/unit/daemon/control-stuck.test.ts"}
e2e=${MUTATION_DAEMON_E2E:-"test/e2e/daemon/story.test.ts test/e2e/daemon/start-failures.test.ts test/e2e/daemon/signals.test.ts test/e2e/daemon/dialects.test.ts test/e2e/daemon/logs.test.ts test/e2e/daemon/startup.test.ts test/e2e/daemon/lifecycle.test.ts test/e2e/daemon/resilience.test.ts test/e2e/daemon/boot.test.ts"}

# A unit stage that has not ended in UNIT_LIMIT seconds (a mutant looping forever; a clean
# run takes about 2 s) is killed and counts as a kill, instead of waiting out Stryker's own
# timeout of about 70 s (1.5 times the whole command's clean run, plus 30 s).
UNIT_LIMIT=${MUTATION_DAEMON_UNIT_LIMIT:-20}
# The new unit files start real supervisors and wait out a 10 s control deadline (about 15 s
# on an idle machine).
NEW_UNIT_LIMIT=${MUTATION_DAEMON_NEW_UNIT_LIMIT:-90}

stage() {
  name=$1
  limit=$2
  shift 2
  [ -z "$*" ] && return 0
  # A tmpfs over systemd's unit folder, in the stage's own mount namespace: a mutant of the
  # unit's path (startup.ts) once wrote a real /etc/systemd/system/phicode-phiemon-root.service.
  timeout -s KILL "$limit" sh mutation/isolated.sh sh -c 'mount -t tmpfs tmpfs /etc/systemd/system && exec "$@"' sh \
    node_modules/.bin/bun test --bail --timeout 60000 "$@" && return 0
  code=$?
  [ -n "$MUTATION_DAEMON_LOG" ] && echo "$__STRYKER_ACTIVE_MUTANT__ $name $code" >> "$MUTATION_DAEMON_LOG"
  exit $code
}

stage unit "$UNIT_LIMIT" $unit
stage new-unit "$NEW_UNIT_LIMIT" $new_unit
stage e2e 600 $e2e
stage new 600 $MUTATION_DAEMON_NEW
[ -n "$MUTATION_DAEMON_LOG" ] && echo "$__STRYKER_ACTIVE_MUTANT__ survived" >> "$MUTATION_DAEMON_LOG"
exit 0
