import { describe, expect, it } from 'vitest';
import { MAX_READ_CHUNK, TrustListFiles } from '../../../../electron/core/remote/protocol/trust-list-file';

const content = Buffer.alloc(MAX_READ_CHUNK + 10, 3);
const snapshot = () => content;

describe('the TrustList file handles (FileType)', () => {
  it('reads in chunks until a short read', () => {
    const files = new TrustListFiles();
    const handle = files.openFile('s1', 1, snapshot);
    expect(files.read('s1', handle, 10 * MAX_READ_CHUNK)).toHaveLength(MAX_READ_CHUNK);
    expect(files.read('s1', handle, 100)).toHaveLength(10);
    expect(files.read('s1', handle, 100)).toHaveLength(0);
    expect(files.getPosition('s1', handle)).toBe(content.length);
    files.close('s1', handle);
    expect(files.openCount).toBe(0);
  });

  it('supports only Read and Write+EraseExisting (Part 12)', () => {
    const files = new TrustListFiles();
    for (const mode of [2, 3, 8, 10, 0]) expect(() => files.openFile('s1', mode, snapshot)).toThrow(expect.objectContaining({ status: 'BadNotSupported' }));
  });

  it("keeps one session's handle from another session", () => {
    const files = new TrustListFiles();
    const handle = files.openFile('s1', 1, snapshot);
    expect(() => files.read('s2', handle, 10)).toThrow(expect.objectContaining({ status: 'BadInvalidArgument' }));
    expect(() => files.close('s2', handle)).toThrow(expect.objectContaining({ status: 'BadInvalidArgument' }));
  });

  it('allows one writer and nobody else meanwhile; what was written comes out of CloseAndUpdate whole', () => {
    const files = new TrustListFiles();
    const writer = files.openFile('s1', 6, snapshot);
    expect(() => files.openFile('s2', 1, snapshot)).toThrow(expect.objectContaining({ status: 'BadInvalidState' }));
    expect(() => files.openFile('s2', 6, snapshot)).toThrow(expect.objectContaining({ status: 'BadInvalidState' }));
    files.write('s1', writer, Buffer.from('ab'));
    files.write('s1', writer, Buffer.from('cd'));
    expect(() => files.read('s1', writer, 4)).toThrow(expect.objectContaining({ status: 'BadInvalidState' }));
    expect(files.closeForUpdate('s1', writer).toString()).toBe('abcd');
    expect(files.isOpen()).toBe(false);
  });

  it('closes the files of a closed session, and files left idle', () => {
    let now = 0;
    const files = new TrustListFiles(() => now);
    files.openFile('s1', 1, snapshot);
    files.closeAllOf('s1');
    expect(files.openCount).toBe(0);
    files.openFile('s2', 6, snapshot);
    now += 10 * 60_000;
    expect(files.isOpen()).toBe(false);
  });
});
