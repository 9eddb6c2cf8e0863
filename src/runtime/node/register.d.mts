/** The text of register.mjs, as phicode imports it (`with { type: 'text' }`) to hand it to Node. */
declare const text: string
export default text
