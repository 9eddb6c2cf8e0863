#!/usr/bin/env bun
import { main } from './main'
import { reportError } from './output'

const argv = process.argv.slice(2)
try {
  process.exitCode = await main(argv)
} catch (error) {
  process.exitCode = reportError(error, argv.includes('--debug'))
}
