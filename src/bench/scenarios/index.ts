import type { Scenario } from '../_scenario'
import { apiScenario } from './api'
import { cacheScenario } from './cache'
import { concurrencyScenario } from './concurrency'
import { importsScenario } from './imports'
import { startupScenario } from './startup'
import { transpileScenario } from './transpile'
import { userScenario } from './user'

/** Every scenario, in the order they run and are reported. */
export const SCENARIOS: readonly Scenario[] = [
  transpileScenario,
  startupScenario,
  cacheScenario,
  importsScenario,
  concurrencyScenario,
  apiScenario,
  userScenario,
]
