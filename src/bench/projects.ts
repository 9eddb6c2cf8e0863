/**
 * Generated projects for the start-up and cache benchmarks: `count` modules importing each
 * other as a binary tree (module k imports 2k+1 and 2k+2, so imports nest only log2(count)
 * deep), written once as plain code and once as φ (converted by phicode itself, so both hold
 * the same program).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { toPhicode } from '../transpile/convert'

const children = (k: number, count: number): number[] => [2 * k + 1, 2 * k + 2].filter((c) => c < count)

function pythonModule(k: number, count: number): string {
  const kids = children(k, count)
  const imports = kids.map((c) => `from m${c} import value as value${c}\n`).join('')
  const next = `${imports}\ndef next_value():\n    return ${kids.map((c) => `value${c}()`).join(' + ') || '0'}\n`
  return `${next}
class Node${k}:
    """Module ${k}: a class, a few functions, a comprehension and an f-string."""

    def __init__(self, items):
        self.items = [i for i in items if i is not None and i % 2 == 0]

    def total(self):
        return sum(self.items) if self.items else 0


def value():
    node = Node${k}(range(${k % 17 + 3}))
    label = f"{node.total() if node.items else 'none'}"
    return len(label) + next_value()
`
}

function typescriptModule(k: number, count: number): string {
  const kids = children(k, count)
  const imports = kids.map((c) => `import { value as value${c} } from './m${c}.φ'\n`).join('')
  const next = `${imports}const nextValue = (): number => ${kids.map((c) => `value${c}()`).join(' + ') || '0'}\n`
  return `${next}
export class Node${k} {
  items: number[]
  constructor(items: Array<number | null>) {
    this.items = items.filter((i): i is number => i !== null && i % 2 === 0)
  }
  total(): number {
    return this.items.length > 0 ? this.items.reduce((a, b) => a + b, 0) : 0
  }
}

export function value(): number {
  const node = new Node${k}(Array.from({ length: ${k % 17 + 3} }, (_, i) => i))
  const label = \`\${node.items.length > 0 ? node.total() : 'none'}\`
  return label.length + nextValue()
}
`
}

export interface Project {
  dir: string
  /** The entry file of each variant. */
  phi: string
  plain: string
}

/** Writes `<dir>/phi` and `<dir>/plain` variants of a `count`-module project of `dialect`. */
export function writeProject(dir: string, dialect: 'python' | 'typescript', count: number): Project {
  const ext = dialect === 'python' ? '.py' : '.ts'
  for (const variant of ['phi', 'plain'] as const) mkdirSync(join(dir, variant), { recursive: true })
  for (let k = 0; k < count; k++) {
    const code = dialect === 'python' ? pythonModule(k, count) : typescriptModule(k, count)
    writeFileSync(join(dir, 'plain', `m${k}${ext}`), dialect === 'python' ? code : code.replaceAll('.φ\'', '.ts\''))
    writeFileSync(join(dir, 'phi', `m${k}.φ`), toPhicode(code, { dialect }))
  }
  const main = dialect === 'python' ? 'from m0 import value\nprint(value())\n' : "import { value } from './m0.φ'\nconsole.log(value())\n"
  writeFileSync(join(dir, 'plain', `main${ext}`), dialect === 'python' ? main : main.replace('./m0.φ', './m0.ts'))
  writeFileSync(join(dir, 'phi', 'main.φ'), (dialect === 'typescript' ? '// phicode: typescript\n' : '# phicode: python\n') + toPhicode(main, { dialect }))
  return { dir, phi: join(dir, 'phi', 'main.φ'), plain: join(dir, 'plain', `main${ext}`) }
}
