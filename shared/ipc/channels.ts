/**
 * Channel and event names alone (no schemas), for the Electron preload, which must stay small
 * and import nothing heavy. `contract.ts` checks at compile time that both lists agree.
 */
export const REQUEST_CHANNELS = [
  'app:get-info',
  'stores:list',
  'stores:detect',
  'stores:add',
  'stores:remove',
  'changes:sync',
  'certs:export',
  'certs:import',
  'certs:verify',
  'connect:test',
  'connect:decide-server',
  'connect:list-recent',
  'demo:get-status',
  'demo:start',
  'demo:stop',
  'demo:configure',
  'own:list',
  'own:generate',
  'own:upload',
  'own:regenerate',
  'own:delete',
  'own:set-default',
  'own:assign',
  'own:export',
  'own:create-csr',
  'own:install-signed',
  'settings:get',
  'settings:update',
  'ca:get',
  'ca:init',
  'ca:sign',
  'ca:revoke',
  'ca:publish-crl',
  'ca:deploy',
  'ca:download',
  'remote:add',
  'remote:refresh',
  'remote:set-password',
  'remote:fleet',
  'remote:fleet-push',
  'remote:renew',
] as const;

export const EVENT_NAMES = ['stores:changed', 'connect:progress', 'demo:status', 'own:progress', 'remote:progress'] as const;

export type RequestChannelName = (typeof REQUEST_CHANNELS)[number];
export type EventChannelName = (typeof EVENT_NAMES)[number];
