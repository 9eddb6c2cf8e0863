#!/bin/sh
# Runs a test command in a PID namespace of its own (and a mount namespace, for its /proc).
# When the command ends, the kernel kills every process it left behind: a Phiemon supervisor
# or a stalled cache writer that a mutant kept alive cannot outlive its run and slow the next.
# Needs unshare(1) and the right to create namespaces (root, or unprivileged user namespaces).
exec unshare --pid --fork --kill-child --mount-proc "$@"
