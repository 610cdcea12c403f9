import { COMMANDS, portOption, waitForStopSignal, type Command } from './command-registry';

/** `uatrust ui`: the app in browser mode. Loaded lazily so the file commands stay light. */
const ui: Command = {
  name: 'ui',
  args: '',
  summary: 'start the app in browser mode (a server on 127.0.0.1 with a one-time token)',
  options: {
    port: { type: 'string', description: 'port to listen on (default: a free one)' },
    'no-open': { type: 'boolean', description: 'do not open the system browser' },
    store: { type: 'string', multiple: true, description: 'a PKI folder to add to the list (repeatable)' },
    'no-demo-server': { type: 'boolean', description: 'do not start the embedded demo server' },
  },
  min: 0,
  max: 0,
  async run(_positionals, options, out) {
    const port = portOption(options.port, 0);
    const { startBrowserApp, openInBrowser } = await import('../serve/start');
    // The URL is printed (and the browser opened) as soon as the server listens; the stores are read meanwhile.
    const app = await startBrowserApp({
      port,
      stores: (options.store as string[] | undefined) ?? [],
      demoServer: !options['no-demo-server'],
      onListening: (url) => {
        out.log(`OPC UA Trust Manager is running in browser mode.`);
        out.log(`URL: ${url}`);
        if (!options['no-open'] && !openInBrowser(url)) out.log('(no system browser found: open the URL above yourself)');
      },
    });
    out.log('Press Ctrl+C to stop.');
    await waitForStopSignal();
    await app.close();
  },
};

COMMANDS.push(ui);
