import { EXIT, PhicodeError } from '../../errors'
import type { RunOutcome } from '../../runtime/types'
import { runTests } from '../../testing'

export interface TestCommandArgs {
  module?: string
}

export function testCommand(args: TestCommandArgs, testArgs: string[]): Promise<RunOutcome> {
  if (args.module !== undefined) throw new PhicodeError(`--test takes its paths after it: phicode --test ${args.module}`, EXIT.USAGE)
  return runTests({ args: testArgs, cwd: process.cwd() })
}
