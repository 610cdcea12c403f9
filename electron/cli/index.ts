export {};

const argv = process.argv.slice(2);
const ALL_COMMANDS = [
  () => import('./commands'),
  () => import('./app-commands'),
  () => import('./opcua-commands'),
  () => import('./verify-command'),
  () => import('./cert-commands'),
  () => import('./ca-commands'),
  () => import('./remote-commands'),
];
// `uatrust ui` loads only browser mode: its server prints the URL before the core (node-opcua-crypto,
// the stores) is loaded, and the page loads meanwhile. Any other command registers them all, in the
// order `uatrust --help` lists them.
if (argv[0] === 'ui') await import('./app-commands');
else for (const load of ALL_COMMANDS) await load();
const { runCli } = await import('./main');

// `uatrust list … | head`: a reader that stops early is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(argv);
