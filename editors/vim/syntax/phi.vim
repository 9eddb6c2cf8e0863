" φ symbols over the host language's syntax (loaded first, by the compound filetype). Top-level
" matches only: inside the host's string and comment regions a symbol stays text.
syntax match phiDefine      /[ƒℂλ]/
syntax match phiStatement   /[⟲⋯∂⟁∇⟰‼⇲⇉∥⟳⌛]/
syntax match phiConditional /[¿⤷⋄⟷▷]/
syntax match phiRepeat      /[∀↻]/
syntax match phiException   /[∴⛒⇗↑]/
syntax match phiInclude     /[⇒←↦]/
syntax match phiOperator    /[∧∨¬∈≡≔]/
syntax match phiConstant    /[✓⊥Ø]/
syntax match phiBuiltin     /[πℓ⟪№⨅∑⭱⭳∣τ]/

highlight default link phiDefine      Statement
highlight default link phiStatement   Statement
highlight default link phiConditional Conditional
highlight default link phiRepeat      Repeat
highlight default link phiException   Exception
highlight default link phiInclude     Include
highlight default link phiOperator    Operator
highlight default link phiConstant    Boolean
highlight default link phiBuiltin     Function
