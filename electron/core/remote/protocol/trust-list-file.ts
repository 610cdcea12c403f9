import { OpenFileMode } from './node-ids';

/** Status names the FileType methods answer with (Part 5 Annex C, Part 12 §7.8.2). */
export type FileStatus = 'Good' | 'BadInvalidArgument' | 'BadInvalidState' | 'BadNotSupported' | 'BadNotReadable' | 'BadNotWritable' | 'BadEncodingLimitsExceeded';

export class FileRefusal extends Error {
  constructor(
    readonly status: FileStatus,
    message: string,
  ) {
    super(message);
  }
}

interface OpenFile {
  handle: number;
  owner: string;
  mode: 'read' | 'write';
  /** Read: the encoded trust list taken at Open. Write: what was written so far. */
  chunks: Buffer[];
  data: Buffer;
  position: number;
  size: number;
  lastUse: number;
}

/** Largest Read answer: well inside node-opcua's default maxByteStringLength and message size. */
export const MAX_READ_CHUNK = 256 * 1024;
/** Largest trust list accepted by Write (also advertised as MaxTrustListSize). */
export const MAX_TRUST_LIST_BYTES = 16 * 1024 * 1024;
/** Part 12: a TrustList left open without calls is closed after its activity timeout. */
const IDLE_MS = 5 * 60_000;

/**
 * The FileType side of a TrustList object: handles per session, a snapshot for reading, a buffer
 * for writing that only CloseAndUpdate turns into a change. At most one file open for writing,
 * and none for reading meanwhile.
 */
export class TrustListFiles {
  private readonly open = new Map<number, OpenFile>();
  private nextHandle = 1;

  constructor(private readonly now: () => number = Date.now) {}

  get openCount(): number {
    this.closeIdle();
    return this.open.size;
  }

  /** Open(mode) or OpenWithMasks: `snapshot` gives the encoded trust list for reading. */
  openFile(owner: string, mode: number, snapshot: () => Buffer): number {
    this.closeIdle();
    const writing = [...this.open.values()].some((f) => f.mode === 'write');
    if (mode === OpenFileMode.Read) {
      if (writing) throw new FileRefusal('BadInvalidState', 'the trust list is open for writing by another session');
      return this.add(owner, 'read', snapshot());
    }
    if (mode === (OpenFileMode.Write | OpenFileMode.EraseExisting)) {
      if (writing || this.open.size > 0) throw new FileRefusal('BadInvalidState', 'the trust list is already open; close it first');
      return this.add(owner, 'write', Buffer.alloc(0));
    }
    throw new FileRefusal('BadNotSupported', `open mode ${mode} is not supported by a TrustList: only Read (1) and Write+EraseExisting (6)`);
  }

  private add(owner: string, mode: 'read' | 'write', data: Buffer): number {
    const handle = this.nextHandle++;
    this.open.set(handle, { handle, owner, mode, chunks: [], data, position: 0, size: data.length, lastUse: this.now() });
    return handle;
  }

  private get(owner: string, handle: number): OpenFile {
    const file = this.open.get(handle);
    // Another session's handle is as unknown as a closed one.
    if (!file || file.owner !== owner) throw new FileRefusal('BadInvalidArgument', `file handle ${handle} is not open in this session`);
    file.lastUse = this.now();
    return file;
  }

  read(owner: string, handle: number, length: number): Buffer {
    const file = this.get(owner, handle);
    if (file.mode !== 'read') throw new FileRefusal('BadInvalidState', 'the trust list was opened for writing, not reading');
    if (!Number.isInteger(length) || length < 0) throw new FileRefusal('BadInvalidArgument', `cannot read ${length} bytes`);
    const chunk = file.data.subarray(file.position, file.position + Math.min(length, MAX_READ_CHUNK));
    file.position += chunk.length;
    return Buffer.from(chunk);
  }

  write(owner: string, handle: number, data: Buffer): void {
    const file = this.get(owner, handle);
    if (file.mode !== 'write') throw new FileRefusal('BadInvalidState', 'the trust list was opened for reading, not writing');
    if (file.size + data.length > MAX_TRUST_LIST_BYTES) throw new FileRefusal('BadEncodingLimitsExceeded', `a trust list larger than ${MAX_TRUST_LIST_BYTES} bytes`);
    file.chunks.push(Buffer.from(data));
    file.size += data.length;
    file.position = file.size;
  }

  getPosition(owner: string, handle: number): number {
    return this.get(owner, handle).position;
  }

  setPosition(owner: string, handle: number, position: number): void {
    const file = this.get(owner, handle);
    if (file.mode === 'write' && position !== file.size) throw new FileRefusal('BadNotSupported', 'a trust list is written from start to end');
    file.position = Math.max(0, Math.min(position, file.size));
  }

  close(owner: string, handle: number): void {
    this.get(owner, handle);
    this.open.delete(handle);
  }

  /** Closes a file opened for writing and gives what was written (CloseAndUpdate). */
  closeForUpdate(owner: string, handle: number): Buffer {
    const file = this.get(owner, handle);
    if (file.mode !== 'write') throw new FileRefusal('BadInvalidState', 'CloseAndUpdate needs a trust list opened for writing');
    this.open.delete(handle);
    return Buffer.concat(file.chunks);
  }

  /** Any file open (AddCertificate and RemoveCertificate are refused meanwhile). */
  isOpen(): boolean {
    this.closeIdle();
    return this.open.size > 0;
  }

  /** A closed session leaves no file open. */
  closeAllOf(owner: string): void {
    for (const [handle, file] of this.open) if (file.owner === owner) this.open.delete(handle);
  }

  private closeIdle(): void {
    const limit = this.now() - IDLE_MS;
    for (const [handle, file] of this.open) if (file.lastUse < limit) this.open.delete(handle);
  }
}
