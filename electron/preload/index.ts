import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_NAMES, REQUEST_CHANNELS, type EventChannelName } from '../../shared/ipc/channels';

// One named function per channel, each bound to its own channel: the page cannot invoke anything else.
const requests = Object.fromEntries(REQUEST_CHANNELS.map((channel) => [channel, (input: unknown) => ipcRenderer.invoke(channel, input)]));

contextBridge.exposeInMainWorld('uatrust', {
  requests,
  on(event: EventChannelName, callback: (payload: unknown) => void): () => void {
    if (!(EVENT_NAMES as readonly string[]).includes(event)) return () => undefined;
    const listener = (_event: IpcRendererEvent, payload: unknown) => callback(payload);
    ipcRenderer.on(event, listener);
    return () => ipcRenderer.removeListener(event, listener);
  },
});
