# Stryker's sandbox directory is created mode 0700; the unprivileged-server test
# (test/e2e/server/isolation.test.ts) runs the binary in it as uid 65534, which must be able to reach it.
chmod 755 .
exec bun build/build.ts
