/** `plugins/register.ts` bundled by build/build.ts, embedded in the binary as a file. */
declare module '*/phicode-register.js' {
  const path: string
  export default path
}
