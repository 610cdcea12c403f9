/**
 * Peer of case 9: resident memory of a process that holds the same store in node-opcua-pki's
 * CertificateManager (initialised, watchers on, as a server holds it), after its first pass settled.
 * Usage: rss-peer-worker.ts <store root>
 */
import { CertificateManager } from 'node-opcua-pki';
import { report } from '../lib/child';

const [root] = process.argv.slice(2) as [string];
const manager = new CertificateManager({ location: root });
await manager.initialize();
await new Promise((resolve) => setTimeout(resolve, 3000));
const rssMb = process.memoryUsage().rss / 1048576;
await manager.dispose();
report({ rssMb });
process.exit(0);
