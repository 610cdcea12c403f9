// Preloaded into the app by the bench (`node --import`): on SIGUSR2 it prints its resident memory
// and whether node-opcua (client/server) has been loaded, as one `PROBE {...}` line on stderr.
// node-opcua is ESM, which leaves no public list of loaded modules; its CommonJS dependencies land
// in require.cache, and these ones only node-opcua itself uses (the app's core does not).
// Nothing is hooked, so the probe adds no loader thread to what it measures.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ONLY_NODE_OPCUA = /[\\/]node_modules[\\/](backoff|dequeue|xml-writer|sterfive-bonjour-service|yauzl)[\\/]/;

process.on('SIGUSR2', () => {
  const markers = Object.keys(require.cache).filter((file) => ONLY_NODE_OPCUA.test(file));
  const packages = [...new Set(markers.map((file) => ONLY_NODE_OPCUA.exec(file)?.[1]))];
  const memory = process.memoryUsage();
  process.stderr.write(`PROBE ${JSON.stringify({ rssMb: memory.rss / 1048576, heapMb: memory.heapUsed / 1048576, opcuaLoaded: markers.length > 0, opcuaModules: packages })}\n`);
});
