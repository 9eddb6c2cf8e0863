/**
 * `phicode/plugin`: the Bun plugin that lets Bun import typescript-dialect φ modules. Importing
 * this file does nothing by itself; `phicode/register` registers the plugin for `bunfig.toml`.
 */
export { phicodePlugin, type PhicodePluginOptions } from '../src/runtime/bun/plugin'
