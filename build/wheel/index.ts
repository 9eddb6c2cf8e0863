/**
 * The Python wheel of one target, as ruff and uv ship theirs: the executable installed on the
 * environment's PATH (`<name>.data/scripts/`), the `phicode` package beside it (`import phicode`
 * finds this executable there), pytest's plugin entry point, and a .pth that activates phicode
 * at interpreter start only when PHICODE_AUTO=1.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { sha256, type Checksummed } from '../checksums'
import { binaryName, type Target } from '../targets'
import { zipFiles, type ZipEntry } from '../zip'

const ROOT = resolve(import.meta.dir, '../..')
const PACKAGE = join(ROOT, 'python', 'phicode')
const VERSION: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version

/** The platform tags pip matches against the machine (Bun's binaries need glibc 2.17 / macOS 11). */
function wheelTags(target: Target): string[] {
  const arch = target.arch === 'x64' ? 'x86_64' : 'aarch64'
  if (target.os === 'windows') return ['win_amd64']
  if (target.os === 'darwin') return [`macosx_11_0_${target.arch === 'x64' ? 'x86_64' : 'arm64'}`]
  if (target.musl) return [`musllinux_1_2_${arch}`]
  return [`manylinux_2_17_${arch}`, `manylinux2014_${arch}`]
}

export const wheelName = (target: Target): string => `phicode-${VERSION}-py3-none-${wheelTags(target).join('.')}.whl`

const PTH = "import os; os.environ.get('PHICODE_AUTO') == '1' and __import__('phicode._auto', fromlist=['activate']).activate()\n"

const text = (s: string): Uint8Array => new TextEncoder().encode(s)

/** sha256 as RECORD writes it: urlsafe base64 without padding. */
const recordHash = (data: Uint8Array): string => `sha256=${Buffer.from(new Bun.CryptoHasher('sha256').update(data).digest()).toString('base64url')}`

/** Writes `outDir/<wheel name>` for `target` with its compiled `binary`. */
export async function buildWheel(target: Target, binary: string, outDir: string): Promise<Checksummed & { size: number }> {
  const info = `phicode-${VERSION}.dist-info`
  const files: ZipEntry[] = readdirSync(PACKAGE)
    .filter((name) => name.endsWith('.py'))
    .sort()
    .map((name) => ({ name: `phicode/${name}`, data: readFileSync(join(PACKAGE, name)), mode: 0o644 }))
  files.push(
    { name: 'phicode-auto.pth', data: text(PTH), mode: 0o644 },
    { name: `phicode-${VERSION}.data/scripts/${binaryName(target)}`, data: await Bun.file(binary).bytes(), mode: 0o755 },
    {
      name: `${info}/METADATA`,
      data: text(`Metadata-Version: 2.1\nName: phicode\nVersion: ${VERSION}\nSummary: Run φ-syntax Python and TypeScript: the phicode executable and the phicode Python package\nRequires-Python: >=3.8\nLicense: MIT\n`),
      mode: 0o644,
    },
    {
      name: `${info}/WHEEL`,
      data: text(`Wheel-Version: 1.0\nGenerator: phicode build/wheel\nRoot-Is-Purelib: false\n${wheelTags(target).map((tag) => `Tag: py3-none-${tag}\n`).join('')}`),
      mode: 0o644,
    },
    // Named after the module, so PYTEST_PLUGINS=phicode.pytest_plugin (set by phicode runs) finds it already registered.
    { name: `${info}/entry_points.txt`, data: text('[pytest11]\nphicode.pytest_plugin = phicode.pytest_plugin\n'), mode: 0o644 },
    { name: `${info}/top_level.txt`, data: text('phicode\n'), mode: 0o644 },
  )
  const record = files.map((f) => `${f.name},${recordHash(f.data)},${f.data.length}\n`).join('') + `${info}/RECORD,,\n`
  files.push({ name: `${info}/RECORD`, data: text(record), mode: 0o644 })
  const wheel = await zipFiles(files)
  await Bun.write(join(outDir, wheelName(target)), wheel)
  return { name: wheelName(target), sha256: sha256(wheel), size: wheel.length }
}
