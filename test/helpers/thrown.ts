/** The error `fn` throws, checked to be an instance of `type`; fails the test when nothing is thrown. */
export function thrown<T extends Error>(type: new (...args: never[]) => T, fn: () => unknown): T {
  try {
    fn()
  } catch (error) {
    if (error instanceof type) return error
    throw error
  }
  throw new Error(`expected a ${type.name}, nothing was thrown`)
}
