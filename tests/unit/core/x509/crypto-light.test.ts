import { describe, expect, it } from 'vitest';
import * as index from 'node-opcua-crypto';
import * as light from '../../../../electron/core/x509/crypto-light';
import { cryptoLib } from '../../../../electron/core/x509/crypto-lib';

describe("node-opcua-crypto's light files", () => {
  it("are the very functions and classes the package's index exports (same module instances)", () => {
    // Taken from the files, not from the fallback that loads the index.
    expect(light.usesLightFiles).toBe(true);
    const names = Object.keys(light).filter((name) => name !== 'asn1' && name !== 'usesLightFiles') as (keyof typeof light & keyof typeof index)[];
    expect(names.length).toBeGreaterThanOrEqual(12);
    for (const name of names) expect(light[name], name).toBe(index[name]);
    for (const name of Object.keys(index.asn1) as (keyof typeof index.asn1)[]) expect(light.asn1[name], `asn1.${name}`).toBe(index.asn1[name]);
  });

  it('leave the rest of the index to cryptoLib, loaded once', async () => {
    const first = await cryptoLib();
    expect(await cryptoLib()).toBe(first);
    expect(first.createSelfSignedCertificate).toBe(index.createSelfSignedCertificate);
  });
});
