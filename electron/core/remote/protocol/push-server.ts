import type { CallMethodResultOptions, ISessionContext, OPCUAServer, UAMethod, UAVariable, Variant } from 'node-opcua';
import { TrustError } from '../../errors';
import { PkiStore } from '../../pki/store';
import { TrustListMasks } from '../push-types';
import { PUSH_NODES } from './node-ids';
import { addStoreCertificate, readRejected, readStoreTrustList, removeStoreCertificate, TrustListRefusal, writeStoreTrustList } from './pki-trust-list';
import { CertificateRefusal, ServerCertificate, type ServerIdentityFiles } from './server-certificate';
import { decodeTrustList, encodeTrustList, TrustListFormatError } from './trust-list-codec';
import { FileRefusal, MAX_TRUST_LIST_BYTES, TrustListFiles } from './trust-list-file';

type NodeOpcua = typeof import('node-opcua');

export interface PushManagementOptions extends ServerIdentityFiles {
  /** The server's PKI (node-opcua layout): trust list, issuers, rejected and own certificate. */
  pkiRoot: string;
  /** The server's certificate manager: told to re-read the PKI after every trust list change. */
  certificateManager: { reloadCertificates(): Promise<void> };
  /** Where the protocol's own notes go (a refused call and why); never passwords. */
  log?: (line: string) => void;
}

export interface PushManagement {
  /** Resolves when the server's certificate manager has taken in the last trust list change. */
  settled(): Promise<void>;
}

/**
 * Gives a node-opcua server's standard ServerConfiguration and DefaultApplicationGroup TrustList
 * nodes (Part 12 push model) their behaviour, over our PKI core. Call after `server.initialize()`.
 *
 * Access: only a session whose user has the SecurityAdmin role, on a SignAndEncrypt channel.
 * node-opcua itself refuses a user without the role (the nodes' RolePermissions name only
 * SecurityAdmin: BadUserAccessDenied); we check again and refuse a Sign-only channel with
 * BadSecurityModeInsufficient, since private keys and the whole trust list cross it.
 */
export async function installPushManagement(server: OPCUAServer, options: PushManagementOptions): Promise<PushManagement> {
  const opcua: NodeOpcua = await import('node-opcua');
  const { DataType, StatusCodes, VariantArrayType, MessageSecurityMode, WellKnownRoles, resolveNodeId } = opcua;
  const addressSpace = server.engine.addressSpace;
  if (!addressSpace) throw new Error('installPushManagement needs an initialized server (call server.initialize() first)');
  const log = options.log ?? (() => undefined);
  const store = PkiStore.open(options.pkiRoot, { layout: 'node-opcua' });
  const certificate = new ServerCertificate(store, options);
  const files = new TrustListFiles();
  let lastUpdate = new Date();
  let reloading: Promise<void> = Promise.resolve();

  server.on('session_closed', (session: { getSessionId(): { toString(): string } }) => files.closeAllOf(session.getSessionId().toString()));

  /** The server uses a changed trust list for the very next connection: no wait for its folder watcher. */
  const changed = (): Promise<void> => {
    lastUpdate = new Date();
    reloading = reloading.then(() => options.certificateManager.reloadCertificates()).catch((error: unknown) => log(`reloading the PKI failed: ${String(error)}`));
    return reloading;
  };

  const denied = (context: ISessionContext): string | null => {
    if (!context.session) return null; // in-process caller
    if (!context.currentUserHasRole(resolveNodeId(WellKnownRoles.SecurityAdmin))) return 'BadUserAccessDenied';
    if (context.session.channel?.securityMode !== MessageSecurityMode.SignAndEncrypt) return 'BadSecurityModeInsufficient';
    return null;
  };
  const owner = (context: ISessionContext) => context.session?.getSessionId().toString() ?? 'in-process';
  const status = (name: string): CallMethodResultOptions => ({ statusCode: (StatusCodes as unknown as Record<string, CallMethodResultOptions['statusCode']>)[name] ?? StatusCodes.BadInternalError });

  const bind = (nodeId: string, name: string, work: (args: Variant[], context: ISessionContext) => Promise<CallMethodResultOptions> | CallMethodResultOptions) => {
    const method = addressSpace.findNode(nodeId) as UAMethod | null;
    if (!method) throw new Error(`the server has no ${name} method (${nodeId})`);
    method.bindMethod(async (args: Variant[], context: ISessionContext) => {
      const refusal = denied(context);
      if (refusal) {
        log(`${name} refused: ${refusal}`);
        return status(refusal);
      }
      try {
        return await work(args, context);
      } catch (error) {
        if (error instanceof TrustListRefusal || error instanceof FileRefusal || error instanceof CertificateRefusal) {
          log(`${name}: ${error.status}: ${error.message}`);
          return status(error.status);
        }
        if (error instanceof TrustListFormatError) {
          log(`${name}: BadDecodingError: ${error.message}`);
          return status('BadInvalidArgument');
        }
        log(`${name} failed: ${error instanceof TrustError ? error.message : String(error)}`);
        return status('BadInternalError');
      }
    });
  };
  const out = {
    uint32: (value: number) => ({ dataType: DataType.UInt32, value }),
    uint64: (value: number) => ({ dataType: DataType.UInt64, value: [Math.floor(value / 2 ** 32), value >>> 0] }),
    bytes: (value: Buffer) => ({ dataType: DataType.ByteString, value }),
    bool: (value: boolean) => ({ dataType: DataType.Boolean, value }),
  };
  const good = (outputArguments: CallMethodResultOptions['outputArguments'] = []): CallMethodResultOptions => ({ statusCode: StatusCodes.Good, outputArguments });
  const arg = <T>(args: Variant[], index: number): T => args[index]?.value as T;
  const notWhileOpen = () => {
    if (files.isOpen()) throw new FileRefusal('BadInvalidState', 'the trust list is open; close it first');
  };
  const readSnapshot = (masks: number) => () => encodeTrustList(readStoreTrustList(store, masks));
  const checkGroup = (groupId: unknown, typeId: unknown) => {
    const id = String(groupId ?? '');
    if (id && id !== 'ns=0;i=0' && id !== PUSH_NODES.defaultApplicationGroup) throw new CertificateRefusal('BadInvalidArgument', `certificate group ${id} does not exist: only DefaultApplicationGroup`);
    const type = String(typeId ?? '');
    if (type && type !== 'ns=0;i=0' && type !== PUSH_NODES.applicationCertificateType && type !== PUSH_NODES.rsaSha256ApplicationCertificateType) {
      throw new CertificateRefusal('BadNotSupported', `certificate type ${type} is not supported: only RsaSha256ApplicationCertificateType`);
    }
  };

  // TrustList: FileType methods and the TrustList's own.
  bind(PUSH_NODES.open, 'Open', (args, context) => good([out.uint32(files.openFile(owner(context), arg<number>(args, 0), readSnapshot(TrustListMasks.All)))]));
  bind(PUSH_NODES.openWithMasks, 'OpenWithMasks', (args, context) => {
    const masks = arg<number>(args, 0);
    if ((masks & ~TrustListMasks.All) !== 0) throw new FileRefusal('BadInvalidArgument', `masks ${masks} name lists that do not exist`);
    return good([out.uint32(files.openFile(owner(context), 1, readSnapshot(masks)))]);
  });
  bind(PUSH_NODES.read, 'Read', (args, context) => good([out.bytes(files.read(owner(context), arg<number>(args, 0), arg<number>(args, 1)))]));
  bind(PUSH_NODES.write, 'Write', (args, context) => {
    files.write(owner(context), arg<number>(args, 0), arg<Buffer | null>(args, 1) ?? Buffer.alloc(0));
    return good();
  });
  bind(PUSH_NODES.getPosition, 'GetPosition', (args, context) => good([out.uint64(files.getPosition(owner(context), arg<number>(args, 0)))]));
  bind(PUSH_NODES.setPosition, 'SetPosition', (args, context) => {
    const position = arg<number[] | number>(args, 1);
    files.setPosition(owner(context), arg<number>(args, 0), Array.isArray(position) ? position[0] * 2 ** 32 + position[1] : Number(position));
    return good();
  });
  bind(PUSH_NODES.close, 'Close', (args, context) => {
    files.close(owner(context), arg<number>(args, 0));
    return good();
  });
  bind(PUSH_NODES.closeAndUpdate, 'CloseAndUpdate', async (args, context) => {
    const bytes = files.closeForUpdate(owner(context), arg<number>(args, 0));
    let list;
    try {
      list = decodeTrustList(bytes);
    } catch (error) {
      throw new TrustListRefusal('BadInvalidArgument', `what was written is not a TrustListDataType: ${error instanceof Error ? error.message : String(error)}; nothing was changed`);
    }
    writeStoreTrustList(store, list);
    await changed();
    return good([out.bool(false)]);
  });
  bind(PUSH_NODES.addCertificate, 'AddCertificate', async (args) => {
    notWhileOpen();
    addStoreCertificate(store, arg<Buffer | null>(args, 0) ?? Buffer.alloc(0), arg<boolean>(args, 1));
    await changed();
    return good();
  });
  bind(PUSH_NODES.removeCertificate, 'RemoveCertificate', async (args) => {
    notWhileOpen();
    removeStoreCertificate(store, arg<string | null>(args, 0) ?? '', arg<boolean>(args, 1));
    await changed();
    return good();
  });

  // ServerConfiguration.
  bind(PUSH_NODES.getRejectedList, 'GetRejectedList', () => good([{ dataType: DataType.ByteString, arrayType: VariantArrayType.Array, value: readRejected(store) }]));
  bind(PUSH_NODES.createSigningRequest, 'CreateSigningRequest', async (args) => {
    checkGroup(arg(args, 0), arg(args, 1));
    const csr = await certificate.createSigningRequest({ subjectName: arg<string | null>(args, 2), regeneratePrivateKey: arg<boolean>(args, 3) });
    return good([out.bytes(csr)]);
  });
  bind(PUSH_NODES.updateCertificate, 'UpdateCertificate', (args) => {
    checkGroup(arg(args, 0), arg(args, 1));
    const der = arg<Buffer | null>(args, 2);
    if (!der?.length) throw new CertificateRefusal('BadInvalidArgument', 'no certificate given');
    const key = arg<Buffer | null>(args, 5);
    certificate.updateCertificate(der, (arg<Buffer[] | null>(args, 3) ?? []).filter((b) => b?.length), key?.length ? { format: arg<string | null>(args, 4) ?? '', bytes: key } : null);
    return good([out.bool(true)]);
  });
  bind(PUSH_NODES.applyChanges, 'ApplyChanges', async () => {
    if (certificate.applyChanges()) {
      // Answer on the old certificate first; new connections then get the new one (node-opcua re-reads own/ once its caches are invalidated).
      setTimeout(() => opcua.invalidateServerCertificateCache(server), 100).unref();
    }
    await changed();
    return good();
  });

  // Properties a client reads to see what it may do.
  const setValue = (nodeId: string, value: { dataType: number; value: unknown; arrayType?: number }) => (addressSpace.findNode(nodeId) as UAVariable | null)?.setValueFromSource(value as never);
  setValue(PUSH_NODES.trustListWritable, out.bool(true));
  (addressSpace.findNode(PUSH_NODES.trustListUserWritable) as UAVariable | null)?.bindVariable({ get: () => new opcua.Variant(out.bool(true)) }, true);
  (addressSpace.findNode(PUSH_NODES.trustListOpenCount) as UAVariable | null)?.bindVariable({ get: () => new opcua.Variant({ dataType: DataType.UInt16, value: files.openCount }) }, true);
  (addressSpace.findNode(PUSH_NODES.trustListLastUpdateTime) as UAVariable | null)?.bindVariable({ get: () => new opcua.Variant({ dataType: DataType.DateTime, value: lastUpdate }) }, true);
  setValue('ns=0;i=12640', out.uint32(MAX_TRUST_LIST_BYTES)); // ServerConfiguration.MaxTrustListSize
  const group = addressSpace.findNode(PUSH_NODES.defaultApplicationGroup) as { getPropertyByName(name: string): UAVariable | null } | null;
  group?.getPropertyByName('CertificateTypes')?.setValueFromSource({ dataType: DataType.NodeId, arrayType: VariantArrayType.Array, value: [resolveNodeId(PUSH_NODES.rsaSha256ApplicationCertificateType)] });

  return { settled: () => reloading };
}
