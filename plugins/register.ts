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
import { phicodePlugin } from '../src/runtime/bun/plugin'

const config = loadConfig(process.cwd())
const cache = openCache(config.root)
Bun.plugin(phicodePlugin({ extensions: [config.config.file_extension], cache }))
process.on('exit', () => cache.finish())
