/** Small apps the daemon tests supervise (plain TypeScript; φ and Python ones live beside their tests). */
export const APPS = {
  crash: `console.log('run', process.pid)\nprocess.exit(3)\n`,
  clean: `console.log('done')\n`,
  serve: `console.log('up', process.pid, process.env.PHIEMON_NAME)\nconsole.error('oops on stderr', process.pid)\nsetInterval(() => {}, 1000)\n`,
  stubborn: `process.on('SIGTERM', () => console.log('ignoring SIGTERM'))\nconsole.log('ready', process.pid)\nsetInterval(() => {}, 1000)\n`,
  lateCrash: `console.log('up', process.pid)\nsetTimeout(() => process.exit(2), 300)\n`,
  ticker: `let n = 0\nconsole.log('up', process.pid)\nsetInterval(() => console.log('tick', ++n), 50)\n`,
  chatty: `for (let k = 0; k < 400; k++) console.log('line', String(k).padStart(4, '0'), 'x'.repeat(20))\nsetInterval(() => {}, 1000)\n`,
} as const
