" Typing φ: `\keyword` becomes its symbol in insert mode (`\def` → ƒ), for the buffer's dialect.
" With `let g:phicode_keyword_abbreviations = 1`, the keywords themselves become symbols as
" you type them (`def ` → `ƒ `), as abbreviations.
if exists('b:did_phi_ftplugin')
  finish
endif
let b:did_phi_ftplugin = 1

" The default tables (src/transpile/symbols.ts; test/e2e/editors/vim.test.ts keeps them in step).
let s:symbols = {
      \ 'python': {
      \   'False': '⊥', 'None': 'Ø', 'True': '✓', 'and': '∧', 'as': '↦', 'assert': '‼', 'async': '⟳', 'await': '⌛',
      \   'break': '⇲', 'class': 'ℂ', 'continue': '⇉', 'def': 'ƒ', 'del': '∂', 'elif': '⤷', 'else': '⋄', 'except': '⛒',
      \   'finally': '⇗', 'for': '∀', 'from': '←', 'global': '⟁', 'if': '¿', 'import': '⇒', 'in': '∈', 'is': '≡',
      \   'lambda': 'λ', 'nonlocal': '∇', 'not': '¬', 'or': '∨', 'pass': '⋯', 'raise': '↑', 'return': '⟲', 'try': '∴',
      \   'while': '↻', 'with': '∥', 'yield': '⟰', 'print': 'π', 'match': '⟷', 'case': '▷', 'len': 'ℓ', 'range': '⟪',
      \   'enumerate': '№', 'zip': '⨅', 'sum': '∑', 'max': '⭱', 'min': '⭳', 'abs': '∣', 'type': 'τ', ':=': '≔'},
      \ 'typescript': {
      \   'function': 'ƒ', 'class': 'ℂ', 'return': '⟲', 'if': '¿', 'else if': '⤷', 'else': '⋄', 'for': '∀', 'while': '↻',
      \   'break': '⇲', 'continue': '⇉', 'async': '⟳', 'await': '⌛', 'yield': '⟰', 'try': '∴', 'catch': '⛒',
      \   'finally': '⇗', 'throw': '↑', 'import': '⇒', 'from': '←', 'as': '↦', 'delete': '∂', 'typeof': 'τ', 'in': '∈',
      \   '===': '≡', '&&': '∧', '||': '∨', '!': '¬', 'true': '✓', 'false': '⊥', 'null': 'Ø', 'console.log': 'π',
      \   'switch': '⟷', 'case': '▷', 'Math.max': '⭱', 'Math.min': '⭳', 'Math.abs': '∣', 'globalThis': '⟁'}}

let s:dialect = get(b:, 'phi_dialect', &filetype =~# '^python' ? 'python' : 'typescript')
for [s:keyword, s:symbol] in items(s:symbols[s:dialect])
  execute 'inoremap <buffer> \' . escape(substitute(s:keyword, ' ', '<Space>', 'g'), '|') . ' ' . s:symbol
  if get(g:, 'phicode_keyword_abbreviations', 0) && s:keyword =~# '^\h\w*$'
    execute 'inoreabbrev <buffer> ' . s:keyword . ' ' . s:symbol
  endif
endfor
let b:undo_ftplugin = get(b:, 'undo_ftplugin', '') . (empty(get(b:, 'undo_ftplugin', '')) ? '' : ' | ') . 'imapclear <buffer> | iabclear <buffer> | unlet! b:did_phi_ftplugin'
