-- Neovim 0.11+: with editors/vim on 'runtimepath', `vim.lsp.enable('phicode')` starts
-- `phicode --lsp` for φ buffers (filetypes set by ftdetect/phicode.vim).
return {
  cmd = { 'phicode', '--lsp' },
  filetypes = { 'python.phi', 'typescriptreact.phi' },
  root_markers = { '.(φ)', '.phicode', 'pyproject.toml', 'package.json', '.git' },
}
