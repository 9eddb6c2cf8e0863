/** lib file name (`lib.es2022.d.ts`) → the path of its text: embedded in the binary, or in node_modules from source. */
export declare const LIB_FILES: Readonly<Record<string, string>>
