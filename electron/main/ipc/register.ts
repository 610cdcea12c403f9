import type { IpcMainInvokeEvent } from 'electron';
import { REQUEST_CHANNELS } from '../../../shared/ipc/channels';
import { fail } from '../../../shared/ipc/result';
import type { Handlers } from '../../core/app/handlers';
import { isTrustedSender } from '../window';

/** The part of ipcMain we use: enough to register the contract. */
export interface IpcRegistrar {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>): void;
}

/**
 * Registers every channel of the contract; a call from any frame but our window's page is refused.
 * Given the handlers as a promise (the core still loading) and `ready` (the service's start), calls
 * wait for both, so the window can load meanwhile.
 */
export function registerContract(ipc: IpcRegistrar, handlers: Handlers | Promise<Handlers>, ready?: Promise<unknown>): void {
  for (const channel of REQUEST_CHANNELS) {
    ipc.handle(channel, async (event, input) => {
      // Our page is the top frame; an iframe, even one showing our own URL, is not the app's window.
      if (!isTrustedSender(event.senderFrame?.url) || event.senderFrame?.parent) return fail('UNAUTHORIZED', `${channel}: the caller is not the app's window`);
      let loaded: Handlers;
      try {
        loaded = await handlers;
        await ready;
      } catch (error) {
        return fail('INTERNAL', `the app did not start: ${error instanceof Error ? error.message : String(error)}`);
      }
      return loaded[channel](input);
    });
  }
}
