/**
 * UTF-16 code units the scanners compare `charCodeAt` results with. Plain numeric constants
 * rather than an enum or object: they are inlined, and the hot loops stay integer compares.
 */

export const TAB = 0x09
export const LINE_FEED = 0x0a
export const CARRIAGE_RETURN = 0x0d
export const SPACE = 0x20
/** `!` */
export const BANG = 0x21
export const DOUBLE_QUOTE = 0x22
/** `#` */
export const HASH = 0x23
export const DOLLAR = 0x24
export const AMPERSAND = 0x26
export const SINGLE_QUOTE = 0x27
export const OPEN_PAREN = 0x28
export const CLOSE_PAREN = 0x29
/** `*` */
export const STAR = 0x2a
export const PLUS = 0x2b
export const MINUS = 0x2d
export const DOT = 0x2e
export const SLASH = 0x2f
export const DIGIT_0 = 0x30
export const DIGIT_9 = 0x39
export const COLON = 0x3a
export const LESS_THAN = 0x3c
export const EQUALS = 0x3d
export const GREATER_THAN = 0x3e
export const UPPER_A = 0x41
export const UPPER_N = 0x4e
export const UPPER_Z = 0x5a
export const OPEN_BRACKET = 0x5b
export const BACKSLASH = 0x5c
export const CLOSE_BRACKET = 0x5d
export const UNDERSCORE = 0x5f
export const BACKTICK = 0x60
export const LOWER_A = 0x61
export const LOWER_E = 0x65
export const LOWER_F = 0x66
export const LOWER_R = 0x72
export const LOWER_T = 0x74
export const LOWER_X = 0x78
export const LOWER_Z = 0x7a
export const OPEN_BRACE = 0x7b
export const CLOSE_BRACE = 0x7d

/** The first code unit that is not ASCII: below it, the scanners' 128-entry tables apply. */
export const FIRST_NON_ASCII = 0x80
/** ORed into an ASCII letter, gives its lower case (`(c | LOWER_CASE_BIT) === LOWER_X` is x or X). */
export const LOWER_CASE_BIT = 0x20

export const NO_BREAK_SPACE = 0xa0
export const EN_QUAD = 0x2000
export const HAIR_SPACE = 0x200a
export const LINE_SEPARATOR = 0x2028
export const PARAGRAPH_SEPARATOR = 0x2029
export const IDEOGRAPHIC_SPACE = 0x3000
export const BYTE_ORDER_MARK = 0xfeff
/** The range of UTF-16 low (trailing) surrogates: the second unit of an astral code point. */
export const LOW_SURROGATE_FIRST = 0xdc00
export const LOW_SURROGATE_LAST = 0xdfff
