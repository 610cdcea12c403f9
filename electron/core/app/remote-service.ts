import type { StoreView } from '../../../shared/types/store';
import type { AddRemoteOutcome, FleetPushOutcome, FleetRow, RemoteSecurityMode, RemoteSecurityPolicy, RenewOutcome } from '../../../shared/types/remote';
import { TrustError } from '../errors';

/** Remote servers managed through OPC UA Part 12 push management (being built: see issue 7). */
export class RemoteService {
  add(_input: { name?: string; endpointUrl: string; securityPolicy: RemoteSecurityPolicy; securityMode: RemoteSecurityMode; userName: string; password: string; rememberPassword: boolean }): Promise<AddRemoteOutcome> {
    throw new TrustError('INTERNAL', 'remote servers are not available yet');
  }
  refresh(_storeId: string): Promise<StoreView> {
    throw new TrustError('INTERNAL', 'remote servers are not available yet');
  }
  setPassword(_input: { storeId: string; password: string; rememberPassword: boolean }): Promise<StoreView> {
    throw new TrustError('INTERNAL', 'remote servers are not available yet');
  }
  fleet(): FleetRow[] {
    return [];
  }
  fleetPush(_input: { storeIds: string[]; items: { storeId: string; file: string; id: string }[]; to: 'trusted' | 'issuers'; runId?: string }): Promise<FleetPushOutcome> {
    throw new TrustError('INTERNAL', 'remote servers are not available yet');
  }
  renew(_input: { storeId: string; signWith: 'local-ca' | 'csr-only'; regeneratePrivateKey: boolean; runId?: string }): Promise<RenewOutcome> {
    throw new TrustError('INTERNAL', 'remote servers are not available yet');
  }
}
