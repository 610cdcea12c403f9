import { describe, expect, it } from 'vitest';
import { createAppStore } from './app-state';

describe('notifications', () => {
  it('a new message replaces a confirmation, but errors wait their turn', () => {
    const store = createAppStore();
    store.getState().notify({ severity: 'success', message: 'copied' });
    store.getState().presentError('Sync failed', { code: 'CONFLICT', message: 'changed on disk' });
    store.getState().notify({ severity: 'info', message: 're-read' });
    store.getState().notify({ severity: 'success', message: 'exported' });
    expect(store.getState().notifications.map((n) => n.message)).toEqual(['Sync failed: changed on disk', 'exported']);
    expect(store.getState().notifications[0]!.hint).toMatch(/Sync to re-read/);
  });
});
