import { createHash } from 'node:crypto';
import type { OPCUACertificateManager, StatusCode } from 'node-opcua';

type NodeOpcua = typeof import('node-opcua');

/** How a server checks client certificates (the choices of Monokot's server settings). */
export type ClientValidation = 'trusted-list' | 'trusted-ca' | 'accept-any';

export interface ValidatingCertificateManager extends OPCUACertificateManager {
  configure(validation: ClientValidation, addRefusedToRejected: boolean): void;
  /** SHA-256 thumbprints accepted for this app session only: consulted before the trust list, never written to disk. */
  readonly acceptedOnce: Set<string>;
}

/**
 * node-opcua's certificate manager with the validation modes users know: only certificates in
 * trusted/ ("Trusted certificates list"), any certificate chained to a trusted CA ("Trusted CA
 * list"), or any certificate ("Accept any"); refused ones optionally recorded in rejected/.
 */
export function createValidatingCertificateManager(
  opcua: NodeOpcua,
  rootFolder: string,
  validation: ClientValidation,
  addRefusedToRejected: boolean,
  name = 'PKI',
): ValidatingCertificateManager {
  const { OPCUACertificateManager, StatusCodes } = opcua;
  let mode = validation;
  let recordRefused = addRefusedToRejected;

  class Validating extends OPCUACertificateManager {
    readonly acceptedOnce = new Set<string>();

    configure(next: ClientValidation, addRefused: boolean): void {
      mode = next;
      recordRefused = addRefused;
    }

    private async verdict(chain: Buffer | Buffer[]): Promise<StatusCode> {
      const certificates = Array.isArray(chain) ? chain : [chain];
      if (mode === 'accept-any') return StatusCodes.Good;
      if (this.acceptedOnce.has(createHash('sha256').update(certificates[0]).digest('hex'))) return StatusCodes.Good;
      const status = await this.verifyCertificate(Buffer.concat(certificates), { acceptCertificateWithValidIssuerChain: mode === 'trusted-ca' });
      const code = (StatusCodes as unknown as Record<string, StatusCode>)[status] ?? StatusCodes.BadCertificateInvalid;
      const refusedForTrust = status === 'BadCertificateUntrusted' || status === 'BadCertificateChainIncomplete';
      if (refusedForTrust && recordRefused) await this.rejectCertificate(certificates[0]);
      return code;
    }

    // node-opcua calls this with a callback; other callers await it.
    override checkCertificate(chain: Buffer | Buffer[], callback?: (err: Error | null, status?: StatusCode) => void): never {
      const promise = this.verdict(chain);
      if (typeof callback === 'function') {
        promise.then((status) => callback(null, status), (err: Error) => callback(err));
        return undefined as never;
      }
      return promise as never;
    }
  }
  return new Validating({ rootFolder, automaticallyAcceptUnknownCertificate: false, name }) as ValidatingCertificateManager;
}
