type Env = Record<string, string | undefined>

/**
 * The environment for a Python interpreter phicode starts, coerced as CPython coerces its own
 * (PEP 538): where the character-type locale would be C or POSIX (no LANG: a container, cron,
 * `env -i`), LC_CTYPE=C.UTF-8; never over an explicit LC_ALL or PYTHONCOERCECLOCALE=0. CPython
 * programs see the same environment either way; PyPy does no coercion, and with an ASCII
 * file-system encoding cannot even take `x.φ` as an argument.
 */
export function utf8Locale(env: Env = process.env): Env {
  if (env.LC_ALL || env.PYTHONCOERCECLOCALE === '0') return env
  const ctype = env.LC_CTYPE || env.LANG || 'C'
  return ctype === 'C' || ctype === 'POSIX' ? { ...env, LC_CTYPE: 'C.UTF-8' } : env
}
