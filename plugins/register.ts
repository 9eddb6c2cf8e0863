/**
 * `phicode/register`: registers the φ plugin for the whole process. For `bunfig.toml`:
 *   preload = ["phicode/register"]            # bun run app.ts
 *   [test]
 *   preload = ["phicode/register"]            # bun test
 * The project's configured `file_extension` (from the working directory's project) is
 * understood besides `.φ` and `.phi`.
 */
import { loadConfig } from '../src/config/load'
import { phicodePlugin } from '../src/runtime/bun/plugin'

Bun.plugin(phicodePlugin({ extensions: [loadConfig(process.cwd()).config.file_extension] }))
