import './app-commands';
import './opcua-commands';
import './verify-command';
import './cert-commands';
import './ca-commands';
import './remote-commands';
import { runCli } from './main';

// `uatrust list … | head`: a reader that stops early is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2));
