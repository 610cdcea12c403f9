import './app-commands';
import './opcua-commands';
import './verify-command';
import './cert-commands';
import { runCli } from './main';

process.exitCode = await runCli(process.argv.slice(2));
