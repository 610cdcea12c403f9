import { parseInput, type Channel, type RequestResult } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import { attempt } from '../errors';
import type { TrustService } from './trust-service';

/** One function per channel: validates the input with the contract's schema, then calls the service. */
export type Handlers = { [C in Channel]: (input: unknown) => Promise<Result<RequestResult<C>>> };

function handler<C extends Channel>(channel: C, work: (input: ReturnType<typeof parseInput<C>> extends Result<infer I> ? I : never) => Promise<RequestResult<C>> | RequestResult<C>) {
  return async (input: unknown): Promise<Result<RequestResult<C>>> => {
    const parsed = parseInput(channel, input);
    if (!parsed.ok) return parsed;
    return attempt(() => work(parsed.value as never));
  };
}

/** The contract's handlers over a service: the same map serves Electron's ipcMain and browser mode. */
export function createHandlers(service: TrustService): Handlers {
  return {
    'app:get-info': handler('app:get-info', () => service.info()),
    'stores:list': handler('stores:list', () => service.listStores()),
    'stores:detect': handler('stores:detect', (input) => service.detect(input.path)),
    'stores:add': handler('stores:add', (input) => service.addStore(input)),
    'stores:remove': handler('stores:remove', (input) => service.removeStore(input.storeId)),
    'changes:sync': handler('changes:sync', (input) => service.sync(input.changes)),
    'certs:export': handler('certs:export', (input) => service.exportCert(input)),
    // A remote store's import goes to the server's trust list, never into its mirror.
    'certs:import': handler('certs:import', (input) => (service.isRemote(input.storeId) ? service.remote.importFiles(input) : service.importFiles(input))),
    'certs:verify': handler('certs:verify', (input) => service.connections.verify(input)),
    'connect:test': handler('connect:test', (input) => service.connections.test(input)),
    'connect:decide-server': handler('connect:decide-server', (input) => service.connections.decideServer(input)),
    'connect:list-recent': handler('connect:list-recent', () => service.connections.recentConnections()),
    'demo:get-status': handler('demo:get-status', () => service.demo.status()),
    'demo:start': handler('demo:start', (input) => service.demo.start(input.port)),
    'demo:stop': handler('demo:stop', () => service.demo.stop()),
    'demo:configure': handler('demo:configure', (input) => service.demo.configure(input)),
    'own:list': handler('own:list', () => service.own.list()),
    'own:generate': handler('own:generate', (input) => service.own.generate(input)),
    'own:upload': handler('own:upload', (input) => service.own.upload(input)),
    'own:regenerate': handler('own:regenerate', (input) => service.own.regenerate(input)),
    'own:delete': handler('own:delete', (input) => service.own.delete(input.id)),
    'own:set-default': handler('own:set-default', (input) => service.own.setDefault(input.id)),
    'own:assign': handler('own:assign', (input) => service.own.assign(input)),
    'own:export': handler('own:export', (input) => service.own.export(input)),
    'own:create-csr': handler('own:create-csr', (input) => service.own.createSigningRequest(input)),
    'own:install-signed': handler('own:install-signed', (input) => service.ca.installSigned(input)),
    'settings:get': handler('settings:get', () => service.appSettings()),
    'settings:update': handler('settings:update', (input) => service.updateSettings(input)),
    'ca:get': handler('ca:get', () => service.ca.get()),
    'ca:init': handler('ca:init', (input) => service.ca.init(input)),
    'ca:sign': handler('ca:sign', (input) => service.ca.sign(input)),
    'ca:revoke': handler('ca:revoke', (input) => service.ca.revoke(input.serial)),
    'ca:publish-crl': handler('ca:publish-crl', (input) => service.ca.publishCrl(input.days)),
    'ca:deploy': handler('ca:deploy', (input) => service.ca.deploy(input)),
    'ca:download': handler('ca:download', (input) => service.ca.download(input)),
    'remote:add': handler('remote:add', (input) => service.remote.add(input)),
    'remote:refresh': handler('remote:refresh', (input) => service.remote.refresh(input.storeId)),
    'remote:set-password': handler('remote:set-password', (input) => service.remote.setPassword(input)),
    'remote:fleet': handler('remote:fleet', () => service.remote.fleet()),
    'remote:fleet-push': handler('remote:fleet-push', (input) => service.remote.fleetPush(input)),
    'remote:renew': handler('remote:renew', (input) => service.remote.renew(input)),
  };
}
