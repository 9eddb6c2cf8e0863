/**
 * `phicode/register`: registers the φ plugin for the whole process. For `bunfig.toml`:
 *   preload = ["phicode/register"]            # bun run app.ts
 *   [test]
 *   preload = ["phicode/register"]            # bun test
 * The project's configured `file_extension` (from the working directory's project) is
 * understood besides `.φ` and `.phi`. Conversions are cached as under `phicode` itself
 * (docs/cache.md), in the working directory's project.
 */
import { openCache } from '../src/cache'
import { loadConfig } from '../src/config/load'
import { PARENT_ENV } from '../src/runtime/bun/parent-env'
import { phiSources, reportPhiErrors } from '../src/runtime/bun/uncaught'
import { phicodePlugin } from '../src/runtime/bun/plugin'

// Started by phicode (`runFullBun`): its settings come from phicode's real environment, not
// from the program's .env files, and a φ entry's errors are reported on φ lines as in-process.
const parent = process.env[PARENT_ENV]
delete process.env[PARENT_ENV]
const env = parent === undefined ? process.env : (JSON.parse(parent) as Record<string, string>)
const config = loadConfig(process.cwd(), env)
const cache = openCache(config.root, env)
Bun.plugin(phicodePlugin({ extensions: [config.config.file_extension], cache, env }))
process.on('exit', () => cache.finish())
const sources = phiSources([config.config.file_extension], env)
if (parent !== undefined && sources.isPhi(Bun.main)) reportPhiErrors(sources)
