import type { ClientValidationMode, DemoServerStatus } from '../../../shared/types/demo';

/**
 * The port the demo server listens on, read from its endpoint URL: the status's `port` is the one
 * tried first, and the server takes the next free one when that is busy.
 */
export function demoPort(status: Pick<DemoServerStatus, 'endpointUrl'>): number | null {
  const match = /:(\d+)(?:\/|$)/.exec(status.endpointUrl ?? '');
  return match ? Number(match[1]) : null;
}

/** "running on port 4840", "stopped", "starting…", "failed": the short status beside the store in the tree. */
export function demoStatusText(status: DemoServerStatus): string {
  switch (status.state) {
    case 'running': {
      const port = demoPort(status);
      return port === null ? 'running' : `running on port ${port}`;
    }
    case 'starting':
      return 'starting…';
    case 'failed':
      return 'failed';
    case 'stopped':
      return 'stopped';
  }
}

/** What each client-certificate validation mode means for a client that connects (Monokot's wording). */
export const VALIDATION_HINT: Record<ClientValidationMode, string> = {
  'trusted-list': 'Only clients whose certificate is in Trusted may connect.',
  'trusted-ca': 'Clients whose certificate is in Trusted, or is signed by a CA in Trusted, may connect.',
  'accept-any': 'No validation: every client may connect. For tests only.',
};
