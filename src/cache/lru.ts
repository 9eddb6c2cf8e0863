/**
 * A bounded map that forgets the least recently used entry first. Capacity 0 holds nothing, so
 * a switched-off layer costs a branch.
 */
export interface Lru<V> {
  get(key: string): V | undefined
  set(key: string, value: V): void
  /** Gets and forgets: for values used once. */
  take(key: string): V | undefined
}

export function createLru<V>(capacity: number): Lru<V> {
  const map = new Map<string, V>()
  return {
    get(key) {
      const value = map.get(key)
      if (value !== undefined) {
        map.delete(key)
        map.set(key, value)
      }
      return value
    },
    set(key, value) {
      if (capacity === 0) return
      map.delete(key)
      map.set(key, value)
      if (map.size > capacity) map.delete(map.keys().next().value!)
    },
    take(key) {
      const value = map.get(key)
      map.delete(key)
      return value
    },
  }
}
