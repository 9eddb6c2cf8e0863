/** What one entry (a line, or the lines of a block so far) came to. */
export type Evaluated = 'more' | 'done' | 'exit'

/** A dialect's session: evaluates the φ text of one entry; `close` ends it. */
export interface Session {
  /** The prompt, and the one for a block's further lines. */
  prompts: { first: string; more: string }
  evaluate(phi: string): Promise<Evaluated>
  close(): Promise<number>
}
