" φ files: φ-Python (filetype python.phi) or φ-TypeScript (typescriptreact.phi), the dialect
" decided as phicode decides it for a run. The compound filetype loads the host language's
" syntax, indent and ftplugin, then phicode's (syntax/phi.vim, ftplugin/phi.vim).
autocmd BufRead,BufNewFile *.φ,*.phi call phicode#detect()
