/**
 * codeMask, char for char: every expected mask is written by hand (`blank` spaces out what is
 * not code), so any text span the scanners get wrong shows.
 */
import { describe, expect, test } from 'bun:test'
import { codeMask } from '../../../src/transpile'

const blank = (s: string) => s.replace(/[^\r\n\u2028\u2029]/g, ' ')
const ts = (source: string, jsx = false) => codeMask(source, 'typescript', { jsx })
const py = (source: string) => codeMask(source, 'python')

describe('typescript', () => {
  const cases: Array<[string, string, string]> = [
    ['strings and a line comment', `a = "x y" + 'z' // c\nb`, `a = "${blank('x y')}" + '${blank('z')}' ${blank('// c')}\nb`],
    ['a block comment', 'a /* x\ny */ b', `a ${blank('/* x\ny */')} b`],
    ['a regex, its flags stay', 'x = /ab+c/gi.test(s)', `x = /${blank('ab+c')}/gi.test(s)`],
    ['a regex with a slash in a class and an escape', 'x = /[/]\\/a/', `x = /${blank('[/]\\/a')}/`],
    ['a division is code', 'a = b / c / d', 'a = b / c / d'],
    ['a division after a closing paren', 'a = (b) / c / d', 'a = (b) / c / d'],
    ['a regex after return', 'return /a b/', `return /${blank('a b')}/`],
    ['a regex after a condition', 'if (x) /a b/.test(s)', `if (x) /${blank('a b')}/.test(s)`],
    ['a division after a call', 'f(x) / a / b', 'f(x) / a / b'],
    ['an unclosed regex on its line is a division', 'a = / b\n/ c', 'a = / b\n/ c'],
    ['a template with a field', 't = `a ${b} c`', `t = \`${blank('a ')}\${b}${blank(' c')}\``],
    ['a template in a template field', 't = `a ${`b ${c} d`} e`', `t = \`${blank('a ')}\${\`${blank('b ')}\${c}${blank(' d')}\`}${blank(' e')}\``],
    ['an escaped backtick and dollar in a template', 't = `\\` \\${x}` + y', `t = \`${blank('\\` \\${x}')}\` + y`],
    ['an object in a template field', 't = `${{a: "b"}.a} c`', `t = \`\${{a: "${blank('b')}"}.a}${blank(' c')}\``],
    ['a hashbang', '#!/usr/bin/env bun x\ny', `${blank('#!/usr/bin/env bun x')}\ny`],
    ['a hashbang after a byte order mark', '\ufeff#!/bin/x\ny', `\ufeff${blank('#!/bin/x')}\ny`],
    ['a private name is code', 'class A { #x = "s" }', `class A { #x = "${blank('s')}" }`],
    ['a string with an escaped quote', `a = 'it\\'s' + b`, `a = '${blank("it\\'s")}' + b`],
    ['a comment after a regex-like division', 'a / b // c', `a / b ${blank('// c')}`],
    ['a line comment ends at a line separator', 'a // b\u2028c', `a ${blank('// b')}\u2028c`],
    ['a regex after an arrow', 'f = () => /a b/', `f = () => /${blank('a b')}/`],
    ['a regex after a block', '{}\n/a b/.test(s)', `{}\n/${blank('a b')}/.test(s)`],
    ['a division after an object', 'x = {} / a / b', 'x = {} / a / b'],
    ['a division after a postfix ++', 'i++ / a / b', 'i++ / a / b'],
    ['a regex after a prefix ++', 'x = ++ /a b/.lastIndex', `x = ++ /${blank('a b')}/.lastIndex`],
    ['a division after a non-null !', 'a! / b / c', 'a! / b / c'],
    ['a regex after a logical !', 'x = ! /a b/.test(s)', `x = ! /${blank('a b')}/.test(s)`],
    ['a division after ]', 'a[0] / b / c', 'a[0] / b / c'],
    ['a division after a number', '1 / a / b', '1 / a / b'],
    ['a division after a property named like a keyword', 'a.return / b / c', 'a.return / b / c'],
    ['a regex after typeof', 'typeof /a b/', `typeof /${blank('a b')}/`],
    ['a division after a name', 'a / b / c', 'a / b / c'],
    ['a regex after =', 'x = /a b/', `x = /${blank('a b')}/`],
    ['a regex after ==', 'x == /a b/', `x == /${blank('a b')}/`],
    ['a regex after !==', 'x !== /a b/', `x !== /${blank('a b')}/`],
    ['a regex after &&', 'x && /a b/', `x && /${blank('a b')}/`],
    ['a regex after *', 'x * /a b/', `x * /${blank('a b')}/`],
    ['a regex after ?', 'x ? /a b/ : 1', `x ? /${blank('a b')}/ : 1`],
    ['a division after ?.', 'a?.b / c / d', 'a?.b / c / d'],
    ['a division after ...x', '[...a] / b / c', '[...a] / b / c'],
    ['a regex after ...', '[.../a b/.source]', `[.../${blank('a b')}/.source]`],
    ['a regex after a comma', 'f(a, /a b/)', `f(a, /${blank('a b')}/)`],
    ['a division after .5', '.5 / a / b', '.5 / a / b'],
    ['a regex after /=', 'x /= /a b/', `x /= /${blank('a b')}/`],
    ['a regex after ;', 'a; /a b/', `a; /${blank('a b')}/`],
    ['a regex after else', 'else /a b/', `else /${blank('a b')}/`],
    ['a division after a template', '`a` / b / c', `\`${blank('a')}\` / b / c`],
    ['a division after a string', '"a" / b / c', `"${blank('a')}" / b / c`],
    ['a division after a regex', '/a/ / b / c', `/${blank('a')}/ / b / c`],
    ['unicode spaces are spaces', 'x =\u00a0/a b/ /\u3000/c d/', `x =\u00a0/${blank('a b')}/ /\u3000/${blank('c d')}/`],
    ['a non-ASCII name', 'é / a / b', 'é / a / b'],
    ['a regex after +', 'x = a + /b c/.source', `x = a + /${blank('b c')}/.source`],
    ['a division after a private name', 'a = this.#x / b / c', 'a = this.#x / b / c'],
    ['a division after a non-ASCII property', 'x = a.é / b / c', 'x = a.é / b / c'],
    ['a comment that starts /*/', 'a /*/ x */ b', `a ${blank('/*/ x */')} b`],
    ['a division after an object literal returned', 'return {} / a / b', 'return {} / a / b'],
    ['a regex at the start of a block', 'if (a) { /b c/.test(s) }', `if (a) { /${blank('b c')}/.test(s) }`],
  ]
  for (const [name, source, mask] of cases) test(name, () => expect(ts(source)).toBe(mask))
})

describe('typescript with JSX', () => {
  const cases: Array<[string, string, string]> = [
    ['text, an attribute string and a child expression', 'x = <p title="a b">hi {c} there</p>', `x = <p title="${blank('a b')}">${blank('hi ')}{c}${blank(' there')}</p>`],
    ['a single-quoted attribute', "x = <p t='a b' />", `x = <p t='${blank('a b')}' />`],
    ['an attribute expression', 'x = <p t={"a"} />', `x = <p t={"${blank('a')}"} />`],
    ['nested elements', 'x = <a>b<c>d</c>e</a>', `x = <a>${blank('b')}<c>${blank('d')}</c>${blank('e')}</a>`],
    ['a fragment', 'x = <>a b</>', `x = <>${blank('a b')}</>`],
    ['code after the element', 'x = <a>b</a>; y = "s"', `x = <a>${blank('b')}</a>; y = "${blank('s')}"`],
    ['an element in an expression in an element', 'x = <a>{f(<b>c</b>)}d</a>', `x = <a>{f(<b>${blank('c')}</b>)}${blank('d')}</a>`],
    ['a self-closing element then code', 'x = <br/>; y = "s"', `x = <br/>; y = "${blank('s')}"`],
    ['a generic arrow is not JSX', 'f = <T,>(x: T) => "s"', `f = <T,>(x: T) => "${blank('s')}"`],
    ['a comparison is not JSX', 'if (a < b) c = "s"', `if (a < b) c = "${blank('s')}"`],
    ['<T> without a closing tag is a type parameter', 'f = <T>(x: T) => "s"', `f = <T>(x: T) => "${blank('s')}"`],
    ['<T> with a closing tag is an element', 'x = <T>a b</T>', `x = <T>${blank('a b')}</T>`],
    ['<T extends U> without a closing tag is a type parameter', 'f = <T extends U>(x: T) => "s"', `f = <T extends U>(x: T) => "${blank('s')}"`],
    ['a dashed and namespaced name', 'x = <a-b:c d="e">f</a-b:c>', `x = <a-b:c d="${blank('e')}">${blank('f')}</a-b:c>`],
    ['a tag broken over lines', 'x = <a\n  b="c"\n>d</a>', `x = <a\n  b="${blank('c')}"\n>${blank('d')}</a>`],
    ['text up to the end of an unclosed element', 'x = <a b="c">d e', `x = <a b="${blank('c')}">${blank('d e')}`],
    ['a member expression tag name', 'x = <A.B>c</A.B>', `x = <A.B>${blank('c')}</A.B>`],
    ['a $ tag name', 'x = <$a>b</$a>', `x = <$a>${blank('b')}</$a>`],
    ['a $ and a non-ASCII char inside a tag name', 'x = <a$b>c</a$b>; y = <é>d</é>', `x = <a$b>${blank('c')}</a$b>; y = <é>${blank('d')}</é>`],
    ['a tab or CRLF after the tag name', 'x = <a\tb="c">d</a>; y = <e\r\n f="g">h</e>', `x = <a\tb="${blank('c')}">${blank('d')}</a>; y = <e\r\n f="${blank('g')}">${blank('h')}</e>`],
    ['a space after < is no element', 'x = < a>b c', 'x = < a>b c'],
    ['<T > without a closing tag is a type parameter', 'f = <T >(x: T) => "s"', `f = <T >(x: T) => "${blank('s')}"`],
    ['a spread attribute', 'x = <a {...p}>b</a>', `x = <a {...p}>${blank('b')}</a>`],
    ['a boolean attribute before >, /> and {', 'x = <a b >c</a>; y = <d e/>; z = <f g {...h}>i</f>', `x = <a b >${blank('c')}</a>; y = <d e/>; z = <f g {...h}>${blank('i')}</f>`],
    ['two boolean attributes', 'x = <a b c>d</a>', `x = <a b c>${blank('d')}</a>`],
    ['an unterminated attribute string runs to the end', 'x = <a b="c d', `x = <a b="${blank('c d')}`],
    ['an unterminated closing tag', 'x = <a>b</a', `x = <a>${blank('b')}</a`],
    ['a regex at the start of a child expression', 'x = <a>{/a b/.source}</a>', `x = <a>{/${blank('a b')}/.source}</a>`],
    ['a regex at the start of an attribute expression', 'x = <a b={/c d/} />', `x = <a b={/${blank('c d')}/} />`],
    ['a division after an element', 'x = <a>b</a> / c / d', `x = <a>${blank('b')}</a> / c / d`],
    ['a division after a self-closing element', 'x = <a/> / c / d', 'x = <a/> / c / d'],
    ['<T$> and <Té> without a closing tag are type parameters', 'f = <T$>(x: T$) => "s"; g = <Té>(x: Té) => "s"', `f = <T$>(x: T$) => "${blank('s')}"; g = <Té>(x: Té) => "${blank('s')}"`],
    ['a const type parameter is not JSX', 'f = <const T,>(x: T) => "s"', `f = <const T,>(x: T) => "${blank('s')}"`],
    ['a division after a self-closing element with an attribute', 'y = <d e/> / a / b', 'y = <d e/> / a / b'],
    ['a slash in a tag that does not close it', 'x = <a b=1/2>c</a>', `x = <a b=1/2>${blank('c')}</a>`],
  ]
  for (const [name, source, mask] of cases) test(name, () => expect(ts(source, true)).toBe(mask))
})

describe('python', () => {
  const cases: Array<[string, string, string]> = [
    ['a nested f-string field with a format spec', 'f"a {b:>{w}} c" + x', `f"${blank('a ')}{b:${blank('>')}{w}}${blank(' c')}" + x`],
    ['a conversion', 'f"{a!r} b"', `f"{a!r}${blank(' b')}"`],
    ['doubled braces are text', 'f"{{a}} {b}"', `f"${blank('{{a}} ')}{b}"`],
    ['a triple-quoted f-string over lines', 'f"""a\n{b}\nc"""', `f"""${blank('a\n')}{b}${blank('\nc')}"""`],
    ['a raw f-string keeps backslashes as text', 'rf"\\{a}"', `rf"${blank('\\')}{a}"`],
    ['a named escape in an f-string', 'f"\\N{BULLET} {a}"', `f"${blank('\\N{BULLET} ')}{a}"`],
    ['a string in a field', 'f"{d[\'k\']} x"', `f"{d['${blank('k')}']}${blank(' x')}"`],
    ['a comment after code', 'a = 1  # b\nc', `a = 1  ${blank('# b')}\nc`],
    ['a triple-quoted string with an escaped quote', '"""a\\"""b"""', `"""${blank('a\\"""b')}"""`],
    ['a line continuation', 'a = \\\n  "b"', `a = \\\n  "${blank('b')}"`],
    ['a t-string', 't"{a} b"', `t"{a}${blank(' b')}"`],
    ['a prefix glued after a number is not a prefix', 'x = 1if"a"else 2', `x = 1if"${blank('a')}"else 2`],
    ['a format spec quote ends the string', "f'{a:x'", `f'{a:${blank('x')}'`],
  ]
  for (const [name, source, mask] of cases) test(name, () => expect(py(source)).toBe(mask))
})
