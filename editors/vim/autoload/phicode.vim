" The dialect of a φ buffer, in phicode's order (src/kinds/dialect.ts): a first-line pragma,
" the project's "language" in .(φ)/config.json, the nearest project marker, then the content.

let s:markers = [
      \ ['package.json', 'typescript'], ['tsconfig.json', 'typescript'], ['bunfig.toml', 'typescript'],
      \ ['pyproject.toml', 'python'], ['setup.py', 'python'], ['setup.cfg', 'python'], ['requirements.txt', 'python']]

function! s:pragma() abort
  let l:line = getline(1) =~# '^#!' ? getline(2) : getline(1)
  let l:m = matchlist(l:line, '\c^\s*\%(#\|//\)\s*phicode:\s*\(python\|py\|typescript\|ts\)\>')
  return empty(l:m) ? '' : (l:m[1] =~? '^p' ? 'python' : 'typescript')
endfunction

function! s:configured(dir) abort
  for l:name in ['.(φ)', '.phicode']
    let l:found = finddir(l:name, a:dir . ';')
    if !empty(l:found) && filereadable(l:found . '/config.json')
      try
        let l:language = get(json_decode(join(readfile(l:found . '/config.json'), "\n")), 'language', '')
      catch
        let l:language = ''
      endtry
      if l:language ==# 'python' || l:language ==# 'typescript'
        return l:language
      endif
    endif
  endfor
  return ''
endfunction

" The nearest folder holding markers decides, unless it holds both languages'; a repository's top ends the search.
function! s:marker(dir) abort
  let l:dir = a:dir
  while 1
    let l:found = {}
    for [l:name, l:dialect] in s:markers
      if filereadable(l:dir . '/' . l:name)
        let l:found[l:dialect] = 1
      endif
    endfor
    if !empty(l:found)
      return len(l:found) == 1 ? keys(l:found)[0] : ''
    endif
    let l:parent = fnamemodify(l:dir, ':h')
    if l:parent ==# l:dir || isdirectory(l:dir . '/.git')
      return ''
    endif
    let l:dir = l:parent
  endwhile
endfunction

" Python block headers ending in ':' against lines that look like TypeScript; ties go to Python.
function! s:content() abort
  let [l:python, l:typescript] = [0, 0]
  for l:line in getline(1, 400)
    if l:line =~# '^\s*\%(\%(async\s\+\|⟳\s*\)\?\%(def\|class\|if\|elif\|else\|for\|while\|try\|except\|finally\|with\|match\|case\|ƒ\|ℂ\|¿\|⤷\|⋄\|∀\|↻\|∴\|⛒\|⇗\|∥\|⟷\|▷\)\).*:\s*\%(#.*\)\?$'
      let l:python += 1
    elseif l:line =~# '[{};]\s*$\|=>\|^\s*//\|^\s*\%(const\|let\|var\|export\|interface\|function\)\s'
      let l:typescript += 1
    endif
  endfor
  return l:typescript > l:python ? 'typescript' : 'python'
endfunction

function! phicode#dialect() abort
  let l:dir = expand('%:p:h')
  for l:Decide in [function('s:pragma'), {-> s:configured(l:dir)}, {-> s:marker(l:dir)}, function('s:content')]
    let l:dialect = l:Decide()
    if !empty(l:dialect)
      return l:dialect
    endif
  endfor
endfunction

function! phicode#detect() abort
  let b:phi_dialect = phicode#dialect()
  execute 'setlocal filetype=' . (b:phi_dialect ==# 'python' ? 'python.phi' : 'typescriptreact.phi')
endfunction
