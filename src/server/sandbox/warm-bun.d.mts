/** warm-bun.mjs is embedded as text (`with { type: 'text' }`) and run by phicode, never imported as a module. */
declare const source: string
export default source
