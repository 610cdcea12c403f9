import { parseArgs } from 'node:util';
import { TrustError } from '../core/errors';
import { COMMANDS, UsageError, type Command, type Output } from './command-registry';

const consoleOutput: Output = { log: (t) => console.log(t), error: (t) => console.error(t) };

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => `${c.name} ${c.args}`.length));
  return [
    'uatrust: manage the certificate trust of OPC UA applications (PKI folders on disk)',
    '',
    'usage: uatrust <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${`${c.name} ${c.args}`.padEnd(width)}  ${c.summary}`),
    '',
    "'uatrust <command> --help' for a command's options. Exit codes: 0 done, 1 failed, 2 bad usage.",
  ].join('\n');
}

export function commandHelp(command: Command): string {
  const options = Object.entries(command.options ?? {});
  return [
    `usage: uatrust ${command.name} ${command.args}${options.length ? ' [options]' : ''}`,
    '',
    command.summary,
    ...(options.length ? ['', 'options:', ...options.map(([name, spec]) => `  --${name}${spec.type === 'string' ? ' <value>' : ''}`.padEnd(23) + ` ${spec.description}`)] : []),
    `  --help`.padEnd(24) + 'show this help',
  ].join('\n');
}

/** Runs one CLI invocation and returns its exit code (0 done, 1 failed, 2 bad usage). */
export async function runCli(argv: string[], out: Output = consoleOutput): Promise<number> {
  let [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out.log(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    out.log('0.1.0');
    return 0;
  }
  // Sub-commands are registered with a space ("cert create"): `uatrust cert create …` joins the first two words.
  if (rest.length > 0 && COMMANDS.some((c) => c.name === `${name} ${rest[0]}`)) [name, ...rest] = [`${name} ${rest[0]}`, ...rest.slice(1)];
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${name} `));
    if (group.length > 0) {
      const asked = rest[0] === '--help' || rest[0] === '-h';
      const list = group.map((c) => `  uatrust ${c.name} ${c.args}`.trimEnd().padEnd(44) + `  ${c.summary}`).join('\n');
      if (asked) out.log(`usage: uatrust ${name} <command> [options]\n\n${list}`);
      else out.error(`uatrust: ${rest[0] ? `unknown command "${name} ${rest[0]}"` : `"${name}" needs a command`}\n\n${list}`);
      return asked ? 0 : 2;
    }
    out.error(`uatrust: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: { help: { type: 'boolean', short: 'h' }, ...command.options },
    });
    if (values.help) {
      out.log(commandHelp(command));
      return 0;
    }
    if (positionals.length < command.min || positionals.length > command.max) {
      throw new UsageError(`expected ${command.args || 'no arguments'}`);
    }
    await command.run(positionals, values as Record<string, string | boolean | undefined>, out);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) {
      out.error(`uatrust ${name}: ${(error as Error).message}\n\n${commandHelp(command)}`);
      return 2;
    }
    if (error instanceof TrustError) {
      out.error(`uatrust ${name}: ${error.message}`);
      return 1;
    }
    const err = error as NodeJS.ErrnoException;
    out.error(`uatrust ${name}: ${err?.message ?? String(error)}`);
    return 1;
  }
}
