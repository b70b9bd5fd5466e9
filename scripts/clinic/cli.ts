/**
 * `npm run clinic -- <command>`: a clinic from a file (README "Setting up a clinic"; the commands
 * are in commands.ts). The process around them: its arguments, streams and exit code.
 */
import { runCommand } from "./commands.ts";

process.exitCode = await runCommand(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
});
