/**
 * Identifier lookup straight from the source text, without slicing a string per identifier:
 * a bucket by (length, first char, last char), then a `startsWith` check.
 */
export interface WordIndex<T> {
  buckets: Array<Array<{ word: string; value: T }> | undefined>
}

const SIZE = 1024

const bucketOf = (len: number, first: number, last: number): number => (len * 131 + first * 31 + last) & (SIZE - 1)

export function createWordIndex<T>(pairs: Iterable<[string, T]>): WordIndex<T> {
  const buckets: WordIndex<T>['buckets'] = new Array(SIZE)
  for (const [word, value] of pairs) {
    const b = bucketOf(word.length, word.charCodeAt(0), word.charCodeAt(word.length - 1))
    ;(buckets[b] ??= []).push({ word, value })
  }
  return { buckets }
}

/** The value stored for `src[start, end)`, if that identifier is in the index. */
export function findWord<T>(index: WordIndex<T>, src: string, start: number, end: number): T | undefined {
  const len = end - start
  const bucket = index.buckets[bucketOf(len, src.charCodeAt(start), src.charCodeAt(end - 1))]
  if (bucket === undefined) return undefined
  for (const item of bucket) if (item.word.length === len && src.startsWith(item.word, start)) return item.value
  return undefined
}
