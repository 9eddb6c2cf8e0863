/**
 * `.gitignore` rules, as git reads them: the last matching pattern wins, `!` re-includes, a
 * trailing `/` matches directories only, a pattern with a `/` before its end is anchored to
 * the file's directory, otherwise it matches a name at any depth below it.
 */
export interface IgnoreRule {
  /** Directory of the `.gitignore`, with a trailing `/` (or '' for the walk's root). */
  base: string
  regex: RegExp
  negate: boolean
  dirOnly: boolean
}

export function parseGitignore(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = []
  for (let line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    line = line.replace(/(?<!\\)\s+$/, '')
    if (line === '' || line.startsWith('#')) continue
    const negate = line.startsWith('!')
    if (negate) line = line.slice(1)
    if (line.startsWith('\\')) line = line.slice(1)
    const dirOnly = line.endsWith('/')
    if (dirOnly) line = line.slice(0, -1)
    const anchored = line.includes('/')
    if (line.startsWith('/')) line = line.slice(1)
    if (line === '') continue
    const body = _globToRegex(line)
    rules.push({ base, negate, dirOnly, regex: new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`) })
  }
  return rules
}

/** Whether `path` (relative to the walk's root, `/`-separated) is ignored by `rules`, in file order. */
export function isIgnored(rules: readonly IgnoreRule[], path: string, isDir: boolean): boolean {
  let ignored = false
  for (const rule of rules) {
    if (rule.dirOnly && !isDir) continue
    if (!path.startsWith(rule.base)) continue
    if (rule.regex.test(path.slice(rule.base.length))) ignored = !rule.negate
  }
  return ignored
}

function _globToRegex(glob: string): string {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*' && glob[i + 1] === '*') {
      const slashBefore = i === 0 || glob[i - 1] === '/'
      const slashAfter = glob[i + 2] === '/' || i + 2 === glob.length
      if (slashBefore && slashAfter) {
        out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*'
        i += glob[i + 2] === '/' ? 2 : 1
        continue
      }
    }
    if (c === '*') out += '[^/]*'
    else if (c === '?') out += '[^/]'
    else if (c === '\\' && i + 1 < glob.length) out += escapeRegExp(glob[++i]!)
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2)
      if (end < 0) out += '\\['
      else {
        let cls = glob.slice(i + 1, end)
        if (cls.startsWith('!')) cls = '^' + cls.slice(1)
        out += `[${cls.replace(/\\/g, '\\\\')}]`
        i = end
      }
    } else out += escapeRegExp(c)
  }
  return out
}

const escapeRegExp = (c: string): string => c.replace(/[.+^${}()|[\]\\/*?]/g, '\\$&')
