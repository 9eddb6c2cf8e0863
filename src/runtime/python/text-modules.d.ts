/** Python sources imported `with { type: 'text' }` are embedded in the binary as strings. */
declare module '*.py' {
  const text: string
  export default text
}
