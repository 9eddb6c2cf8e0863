/** The text of serve.mjs, as phicode imports it (`with { type: 'text' }`) to hand it to Node. */
declare const text: string
export default text
