/**
 * The variable a phicode-started Bun child (`runFullBun`) reads phicode's own settings from, in
 * plugins/register.ts: JSON of the real environment's `PHICODE_*` variables. Its own module,
 * because the register bundle must not import the code that embeds that bundle.
 */
export const PARENT_ENV = 'PHICODE_PARENT_ENV'
