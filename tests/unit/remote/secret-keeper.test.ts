import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PasswordKeeper, SECRETS_FILE, type SecretCipher } from '../../../electron/core/remote/secret-keeper';
import { tempDir } from '../../helpers/tmp';

/** Stands in for Electron's safeStorage (which exists only inside Electron): a real cipher with a key of its own. */
function aesCipher(key = randomBytes(32), available = true): SecretCipher {
  return {
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(data) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

describe('keeping the admin passwords of remote servers', () => {
  it('keeps a password in memory only when there is no keychain, even when asked to remember it', async () => {
    const home = await tempDir('secrets-');
    const keeper = new PasswordKeeper(home);
    expect(keeper.set('r-1', 'hunter2', true)).toBe('memory');
    expect(keeper.get('r-1')).toBe('hunter2');
    expect(existsSync(path.join(home, SECRETS_FILE))).toBe(false);
    expect(new PasswordKeeper(home).storage('r-1')).toBe('none');
  });

  it('encrypts a remembered password into a 0600 file that a restart can read with the same keychain', async () => {
    const home = await tempDir('secrets-');
    const cipher = aesCipher();
    expect(new PasswordKeeper(home, cipher).set('r-1', 'hunter2', true)).toBe('keychain');

    const file = path.join(home, SECRETS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2');
    const restarted = new PasswordKeeper(home, cipher);
    expect(restarted.storage('r-1')).toBe('keychain');
    expect(restarted.get('r-1')).toBe('hunter2');
    // another keychain cannot read it: the user is asked again
    expect(new PasswordKeeper(home, aesCipher()).get('r-1')).toBeNull();
  });

  it('forgets a password everywhere, and takes it out of the file when it is no longer to be remembered', async () => {
    const home = await tempDir('secrets-');
    const cipher = aesCipher();
    const keeper = new PasswordKeeper(home, cipher);
    keeper.set('r-1', 'one', true);
    keeper.set('r-2', 'two', true);
    expect(keeper.set('r-1', 'one again', false)).toBe('memory');
    expect(new PasswordKeeper(home, cipher).get('r-1')).toBeNull();

    keeper.delete('r-2');
    expect(keeper.get('r-2')).toBeNull();
    expect(existsSync(path.join(home, SECRETS_FILE))).toBe(false);
  });
});
