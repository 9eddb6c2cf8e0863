/**
 * The command line that runs `argv` on a pseudo-terminal from util-linux `script`. script hands
 * its command to $SHELL -c, and whether that shell replaces itself with the command depends on
 * the shell (bash does, dash does not): a dash left in between is the foreground process, dies
 * of a Ctrl-C and turns the program's exit status into 130. `exec` and a pinned SHELL make the
 * command itself the terminal's session, whatever shell the machine (or CI) has.
 */
export function onTerminal(argv: string[]): string[] {
  const quoted = argv.map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ')
  return ['env', 'SHELL=/bin/sh', 'script', '-qec', `exec ${quoted}`, '/dev/null']
}
