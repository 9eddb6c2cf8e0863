/**
 * TypeScript's lib.*.d.ts files, embedded in the binary (a compiled phicode has no node_modules).
 * A .js file with a .d.ts beside it: tsc would otherwise load these lib files into phicode's own
 * type check. test/unit/lsp/libs.test.ts checks the list against typescript6/lib.
 */
import l0 from 'typescript6/lib/lib.decorators.d.ts' with { type: 'file' }
import l1 from 'typescript6/lib/lib.decorators.legacy.d.ts' with { type: 'file' }
import l2 from 'typescript6/lib/lib.dom.asynciterable.d.ts' with { type: 'file' }
import l3 from 'typescript6/lib/lib.dom.d.ts' with { type: 'file' }
import l4 from 'typescript6/lib/lib.dom.iterable.d.ts' with { type: 'file' }
import l5 from 'typescript6/lib/lib.es2015.collection.d.ts' with { type: 'file' }
import l6 from 'typescript6/lib/lib.es2015.core.d.ts' with { type: 'file' }
import l7 from 'typescript6/lib/lib.es2015.d.ts' with { type: 'file' }
import l8 from 'typescript6/lib/lib.es2015.generator.d.ts' with { type: 'file' }
import l9 from 'typescript6/lib/lib.es2015.iterable.d.ts' with { type: 'file' }
import l10 from 'typescript6/lib/lib.es2015.promise.d.ts' with { type: 'file' }
import l11 from 'typescript6/lib/lib.es2015.proxy.d.ts' with { type: 'file' }
import l12 from 'typescript6/lib/lib.es2015.reflect.d.ts' with { type: 'file' }
import l13 from 'typescript6/lib/lib.es2015.symbol.d.ts' with { type: 'file' }
import l14 from 'typescript6/lib/lib.es2015.symbol.wellknown.d.ts' with { type: 'file' }
import l15 from 'typescript6/lib/lib.es2016.array.include.d.ts' with { type: 'file' }
import l16 from 'typescript6/lib/lib.es2016.d.ts' with { type: 'file' }
import l17 from 'typescript6/lib/lib.es2016.full.d.ts' with { type: 'file' }
import l18 from 'typescript6/lib/lib.es2016.intl.d.ts' with { type: 'file' }
import l19 from 'typescript6/lib/lib.es2017.arraybuffer.d.ts' with { type: 'file' }
import l20 from 'typescript6/lib/lib.es2017.d.ts' with { type: 'file' }
import l21 from 'typescript6/lib/lib.es2017.date.d.ts' with { type: 'file' }
import l22 from 'typescript6/lib/lib.es2017.full.d.ts' with { type: 'file' }
import l23 from 'typescript6/lib/lib.es2017.intl.d.ts' with { type: 'file' }
import l24 from 'typescript6/lib/lib.es2017.object.d.ts' with { type: 'file' }
import l25 from 'typescript6/lib/lib.es2017.sharedmemory.d.ts' with { type: 'file' }
import l26 from 'typescript6/lib/lib.es2017.string.d.ts' with { type: 'file' }
import l27 from 'typescript6/lib/lib.es2017.typedarrays.d.ts' with { type: 'file' }
import l28 from 'typescript6/lib/lib.es2018.asyncgenerator.d.ts' with { type: 'file' }
import l29 from 'typescript6/lib/lib.es2018.asynciterable.d.ts' with { type: 'file' }
import l30 from 'typescript6/lib/lib.es2018.d.ts' with { type: 'file' }
import l31 from 'typescript6/lib/lib.es2018.full.d.ts' with { type: 'file' }
import l32 from 'typescript6/lib/lib.es2018.intl.d.ts' with { type: 'file' }
import l33 from 'typescript6/lib/lib.es2018.promise.d.ts' with { type: 'file' }
import l34 from 'typescript6/lib/lib.es2018.regexp.d.ts' with { type: 'file' }
import l35 from 'typescript6/lib/lib.es2019.array.d.ts' with { type: 'file' }
import l36 from 'typescript6/lib/lib.es2019.d.ts' with { type: 'file' }
import l37 from 'typescript6/lib/lib.es2019.full.d.ts' with { type: 'file' }
import l38 from 'typescript6/lib/lib.es2019.intl.d.ts' with { type: 'file' }
import l39 from 'typescript6/lib/lib.es2019.object.d.ts' with { type: 'file' }
import l40 from 'typescript6/lib/lib.es2019.string.d.ts' with { type: 'file' }
import l41 from 'typescript6/lib/lib.es2019.symbol.d.ts' with { type: 'file' }
import l42 from 'typescript6/lib/lib.es2020.bigint.d.ts' with { type: 'file' }
import l43 from 'typescript6/lib/lib.es2020.d.ts' with { type: 'file' }
import l44 from 'typescript6/lib/lib.es2020.date.d.ts' with { type: 'file' }
import l45 from 'typescript6/lib/lib.es2020.full.d.ts' with { type: 'file' }
import l46 from 'typescript6/lib/lib.es2020.intl.d.ts' with { type: 'file' }
import l47 from 'typescript6/lib/lib.es2020.number.d.ts' with { type: 'file' }
import l48 from 'typescript6/lib/lib.es2020.promise.d.ts' with { type: 'file' }
import l49 from 'typescript6/lib/lib.es2020.sharedmemory.d.ts' with { type: 'file' }
import l50 from 'typescript6/lib/lib.es2020.string.d.ts' with { type: 'file' }
import l51 from 'typescript6/lib/lib.es2020.symbol.wellknown.d.ts' with { type: 'file' }
import l52 from 'typescript6/lib/lib.es2021.d.ts' with { type: 'file' }
import l53 from 'typescript6/lib/lib.es2021.full.d.ts' with { type: 'file' }
import l54 from 'typescript6/lib/lib.es2021.intl.d.ts' with { type: 'file' }
import l55 from 'typescript6/lib/lib.es2021.promise.d.ts' with { type: 'file' }
import l56 from 'typescript6/lib/lib.es2021.string.d.ts' with { type: 'file' }
import l57 from 'typescript6/lib/lib.es2021.weakref.d.ts' with { type: 'file' }
import l58 from 'typescript6/lib/lib.es2022.array.d.ts' with { type: 'file' }
import l59 from 'typescript6/lib/lib.es2022.d.ts' with { type: 'file' }
import l60 from 'typescript6/lib/lib.es2022.error.d.ts' with { type: 'file' }
import l61 from 'typescript6/lib/lib.es2022.full.d.ts' with { type: 'file' }
import l62 from 'typescript6/lib/lib.es2022.intl.d.ts' with { type: 'file' }
import l63 from 'typescript6/lib/lib.es2022.object.d.ts' with { type: 'file' }
import l64 from 'typescript6/lib/lib.es2022.regexp.d.ts' with { type: 'file' }
import l65 from 'typescript6/lib/lib.es2022.string.d.ts' with { type: 'file' }
import l66 from 'typescript6/lib/lib.es2023.array.d.ts' with { type: 'file' }
import l67 from 'typescript6/lib/lib.es2023.collection.d.ts' with { type: 'file' }
import l68 from 'typescript6/lib/lib.es2023.d.ts' with { type: 'file' }
import l69 from 'typescript6/lib/lib.es2023.full.d.ts' with { type: 'file' }
import l70 from 'typescript6/lib/lib.es2023.intl.d.ts' with { type: 'file' }
import l71 from 'typescript6/lib/lib.es2024.arraybuffer.d.ts' with { type: 'file' }
import l72 from 'typescript6/lib/lib.es2024.collection.d.ts' with { type: 'file' }
import l73 from 'typescript6/lib/lib.es2024.d.ts' with { type: 'file' }
import l74 from 'typescript6/lib/lib.es2024.full.d.ts' with { type: 'file' }
import l75 from 'typescript6/lib/lib.es2024.object.d.ts' with { type: 'file' }
import l76 from 'typescript6/lib/lib.es2024.promise.d.ts' with { type: 'file' }
import l77 from 'typescript6/lib/lib.es2024.regexp.d.ts' with { type: 'file' }
import l78 from 'typescript6/lib/lib.es2024.sharedmemory.d.ts' with { type: 'file' }
import l79 from 'typescript6/lib/lib.es2024.string.d.ts' with { type: 'file' }
import l80 from 'typescript6/lib/lib.es2025.collection.d.ts' with { type: 'file' }
import l81 from 'typescript6/lib/lib.es2025.d.ts' with { type: 'file' }
import l82 from 'typescript6/lib/lib.es2025.float16.d.ts' with { type: 'file' }
import l83 from 'typescript6/lib/lib.es2025.full.d.ts' with { type: 'file' }
import l84 from 'typescript6/lib/lib.es2025.intl.d.ts' with { type: 'file' }
import l85 from 'typescript6/lib/lib.es2025.iterator.d.ts' with { type: 'file' }
import l86 from 'typescript6/lib/lib.es2025.promise.d.ts' with { type: 'file' }
import l87 from 'typescript6/lib/lib.es2025.regexp.d.ts' with { type: 'file' }
import l88 from 'typescript6/lib/lib.es5.d.ts' with { type: 'file' }
import l89 from 'typescript6/lib/lib.es6.d.ts' with { type: 'file' }
import l90 from 'typescript6/lib/lib.esnext.array.d.ts' with { type: 'file' }
import l91 from 'typescript6/lib/lib.esnext.collection.d.ts' with { type: 'file' }
import l92 from 'typescript6/lib/lib.esnext.d.ts' with { type: 'file' }
import l93 from 'typescript6/lib/lib.esnext.date.d.ts' with { type: 'file' }
import l94 from 'typescript6/lib/lib.esnext.decorators.d.ts' with { type: 'file' }
import l95 from 'typescript6/lib/lib.esnext.disposable.d.ts' with { type: 'file' }
import l96 from 'typescript6/lib/lib.esnext.error.d.ts' with { type: 'file' }
import l97 from 'typescript6/lib/lib.esnext.full.d.ts' with { type: 'file' }
import l98 from 'typescript6/lib/lib.esnext.intl.d.ts' with { type: 'file' }
import l99 from 'typescript6/lib/lib.esnext.sharedmemory.d.ts' with { type: 'file' }
import l100 from 'typescript6/lib/lib.esnext.temporal.d.ts' with { type: 'file' }
import l101 from 'typescript6/lib/lib.esnext.typedarrays.d.ts' with { type: 'file' }
import l102 from 'typescript6/lib/lib.scripthost.d.ts' with { type: 'file' }
import l103 from 'typescript6/lib/lib.webworker.asynciterable.d.ts' with { type: 'file' }
import l104 from 'typescript6/lib/lib.webworker.d.ts' with { type: 'file' }
import l105 from 'typescript6/lib/lib.webworker.importscripts.d.ts' with { type: 'file' }
import l106 from 'typescript6/lib/lib.webworker.iterable.d.ts' with { type: 'file' }

/** lib file name (`lib.es2022.d.ts`) → where its text is: the embedded file, or node_modules when run from source. */
export const LIB_FILES = {
  'lib.decorators.d.ts': l0,
  'lib.decorators.legacy.d.ts': l1,
  'lib.dom.asynciterable.d.ts': l2,
  'lib.dom.d.ts': l3,
  'lib.dom.iterable.d.ts': l4,
  'lib.es2015.collection.d.ts': l5,
  'lib.es2015.core.d.ts': l6,
  'lib.es2015.d.ts': l7,
  'lib.es2015.generator.d.ts': l8,
  'lib.es2015.iterable.d.ts': l9,
  'lib.es2015.promise.d.ts': l10,
  'lib.es2015.proxy.d.ts': l11,
  'lib.es2015.reflect.d.ts': l12,
  'lib.es2015.symbol.d.ts': l13,
  'lib.es2015.symbol.wellknown.d.ts': l14,
  'lib.es2016.array.include.d.ts': l15,
  'lib.es2016.d.ts': l16,
  'lib.es2016.full.d.ts': l17,
  'lib.es2016.intl.d.ts': l18,
  'lib.es2017.arraybuffer.d.ts': l19,
  'lib.es2017.d.ts': l20,
  'lib.es2017.date.d.ts': l21,
  'lib.es2017.full.d.ts': l22,
  'lib.es2017.intl.d.ts': l23,
  'lib.es2017.object.d.ts': l24,
  'lib.es2017.sharedmemory.d.ts': l25,
  'lib.es2017.string.d.ts': l26,
  'lib.es2017.typedarrays.d.ts': l27,
  'lib.es2018.asyncgenerator.d.ts': l28,
  'lib.es2018.asynciterable.d.ts': l29,
  'lib.es2018.d.ts': l30,
  'lib.es2018.full.d.ts': l31,
  'lib.es2018.intl.d.ts': l32,
  'lib.es2018.promise.d.ts': l33,
  'lib.es2018.regexp.d.ts': l34,
  'lib.es2019.array.d.ts': l35,
  'lib.es2019.d.ts': l36,
  'lib.es2019.full.d.ts': l37,
  'lib.es2019.intl.d.ts': l38,
  'lib.es2019.object.d.ts': l39,
  'lib.es2019.string.d.ts': l40,
  'lib.es2019.symbol.d.ts': l41,
  'lib.es2020.bigint.d.ts': l42,
  'lib.es2020.d.ts': l43,
  'lib.es2020.date.d.ts': l44,
  'lib.es2020.full.d.ts': l45,
  'lib.es2020.intl.d.ts': l46,
  'lib.es2020.number.d.ts': l47,
  'lib.es2020.promise.d.ts': l48,
  'lib.es2020.sharedmemory.d.ts': l49,
  'lib.es2020.string.d.ts': l50,
  'lib.es2020.symbol.wellknown.d.ts': l51,
  'lib.es2021.d.ts': l52,
  'lib.es2021.full.d.ts': l53,
  'lib.es2021.intl.d.ts': l54,
  'lib.es2021.promise.d.ts': l55,
  'lib.es2021.string.d.ts': l56,
  'lib.es2021.weakref.d.ts': l57,
  'lib.es2022.array.d.ts': l58,
  'lib.es2022.d.ts': l59,
  'lib.es2022.error.d.ts': l60,
  'lib.es2022.full.d.ts': l61,
  'lib.es2022.intl.d.ts': l62,
  'lib.es2022.object.d.ts': l63,
  'lib.es2022.regexp.d.ts': l64,
  'lib.es2022.string.d.ts': l65,
  'lib.es2023.array.d.ts': l66,
  'lib.es2023.collection.d.ts': l67,
  'lib.es2023.d.ts': l68,
  'lib.es2023.full.d.ts': l69,
  'lib.es2023.intl.d.ts': l70,
  'lib.es2024.arraybuffer.d.ts': l71,
  'lib.es2024.collection.d.ts': l72,
  'lib.es2024.d.ts': l73,
  'lib.es2024.full.d.ts': l74,
  'lib.es2024.object.d.ts': l75,
  'lib.es2024.promise.d.ts': l76,
  'lib.es2024.regexp.d.ts': l77,
  'lib.es2024.sharedmemory.d.ts': l78,
  'lib.es2024.string.d.ts': l79,
  'lib.es2025.collection.d.ts': l80,
  'lib.es2025.d.ts': l81,
  'lib.es2025.float16.d.ts': l82,
  'lib.es2025.full.d.ts': l83,
  'lib.es2025.intl.d.ts': l84,
  'lib.es2025.iterator.d.ts': l85,
  'lib.es2025.promise.d.ts': l86,
  'lib.es2025.regexp.d.ts': l87,
  'lib.es5.d.ts': l88,
  'lib.es6.d.ts': l89,
  'lib.esnext.array.d.ts': l90,
  'lib.esnext.collection.d.ts': l91,
  'lib.esnext.d.ts': l92,
  'lib.esnext.date.d.ts': l93,
  'lib.esnext.decorators.d.ts': l94,
  'lib.esnext.disposable.d.ts': l95,
  'lib.esnext.error.d.ts': l96,
  'lib.esnext.full.d.ts': l97,
  'lib.esnext.intl.d.ts': l98,
  'lib.esnext.sharedmemory.d.ts': l99,
  'lib.esnext.temporal.d.ts': l100,
  'lib.esnext.typedarrays.d.ts': l101,
  'lib.scripthost.d.ts': l102,
  'lib.webworker.asynciterable.d.ts': l103,
  'lib.webworker.d.ts': l104,
  'lib.webworker.importscripts.d.ts': l105,
  'lib.webworker.iterable.d.ts': l106,
}
