import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  fernetDecrypt,
  fernetEncrypt,
  gcmDecrypt,
  gcmEncrypt,
  Keyring,
  KeyringConfigError,
  packGcm,
  unpackGcm,
} from '../../src/crypto';

// From the Fernet specification's generate.json / verify.json.
const SPEC = {
  secret: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=',
  now: new Date('1985-10-26T01:20:00-07:00'),
  iv: Buffer.from([...Array(16).keys()]),
  src: 'hello',
  token:
    'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==',
};
const specKey = Buffer.from(SPEC.secret, 'base64url');

function python(): string | undefined {
  for (const bin of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(bin, ['-c', 'import cryptography.fernet'], { stdio: 'ignore' });
      return bin;
    } catch {}
  }
  return undefined;
}
const py = python();
if (!py)
  console.log(
    "[crypto] Python interop tests skipped: no python3 with 'cryptography' (apt-get install python3-cryptography)",
  );

describe('Fernet', () => {
  it('produces the specification token', () => {
    expect(fernetEncrypt(specKey, Buffer.from(SPEC.src), { now: SPEC.now, iv: SPEC.iv })).toBe(SPEC.token);
  });

  it('verifies the specification token, with and without a TTL', () => {
    expect(fernetDecrypt(specKey, SPEC.token).toString()).toBe('hello');
    expect(
      fernetDecrypt(specKey, SPEC.token, {
        ttlSeconds: 60,
        now: new Date(SPEC.now.getTime() + 30_000),
      }).toString(),
    ).toBe('hello');
    expect(() =>
      fernetDecrypt(specKey, SPEC.token, { ttlSeconds: 60, now: new Date(SPEC.now.getTime() + 120_000) }),
    ).toThrow('invalid token');
  });

  it('rejects every flipped bit, truncation, a wrong key and garbage', () => {
    const raw = Buffer.from(SPEC.token, 'base64url');
    let rejected = 0;
    for (let bit = 0; bit < raw.length * 8; bit++) {
      const bad = Buffer.from(raw);
      bad[bit >> 3]! ^= 1 << (bit & 7);
      try {
        fernetDecrypt(specKey, bad.toString('base64url'));
      } catch {
        rejected++;
      }
    }
    expect(rejected).toBe(raw.length * 8);
    for (const cut of [1, 16, 32, raw.length - 1]) {
      expect(() => fernetDecrypt(specKey, raw.subarray(0, cut).toString('base64url'))).toThrow(
        'invalid token',
      );
    }
    expect(() => fernetDecrypt(randomBytes(32), SPEC.token)).toThrow('invalid token');
    expect(() => fernetDecrypt(specKey, 'not a token!')).toThrow('invalid token');
    expect(() => fernetDecrypt(specKey, '')).toThrow('invalid token');
  });

  it.skipIf(!py)('interoperates with Python cryptography both ways', () => {
    const key = randomBytes(32);
    const keyText = `${key.toString('base64url')}=`;
    const ours = fernetEncrypt(key, Buffer.from('{"token":"from node ✓"}'));
    const theirsDecrypted = execFileSync(
      py!,
      [
        '-c',
        'import sys; from cryptography.fernet import Fernet; sys.stdout.write(Fernet(sys.argv[1].encode()).decrypt(sys.argv[2].encode()).decode())',
        keyText,
        ours,
      ],
      { encoding: 'utf8' },
    );
    expect(theirsDecrypted).toBe('{"token":"from node ✓"}');
    const theirs = execFileSync(
      py!,
      [
        '-c',
        'import sys; from cryptography.fernet import Fernet; sys.stdout.write(Fernet(sys.argv[1].encode()).encrypt("from python ✓".encode()).decode())',
        keyText,
      ],
      { encoding: 'utf8' },
    );
    expect(fernetDecrypt(key, theirs).toString()).toBe('from python ✓');
  });
});

describe('AES-256-GCM', () => {
  const key = randomBytes(32);

  it('round-trips with a fresh 96-bit IV per value', () => {
    const a = gcmEncrypt(key, Buffer.from('secret'));
    const b = gcmEncrypt(key, Buffer.from('secret'));
    expect(a.iv).toHaveLength(12);
    expect(a.authTag).toHaveLength(16);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(gcmDecrypt(key, a).toString()).toBe('secret');
    const packed = packGcm(3, a);
    expect(unpackGcm(packed).version).toBe(3);
    expect(gcmDecrypt(key, unpackGcm(packed).sealed).toString()).toBe('secret');
  });

  it('rejects every flipped bit of IV, ciphertext and tag, and a wrong key', () => {
    const sealed = gcmEncrypt(key, Buffer.from('a secret value'));
    let total = 0;
    let rejected = 0;
    for (const part of ['iv', 'ciphertext', 'authTag'] as const) {
      for (let bit = 0; bit < sealed[part].length * 8; bit++) {
        const bad = { ...sealed, [part]: Buffer.from(sealed[part]) };
        bad[part][bit >> 3]! ^= 1 << (bit & 7);
        total++;
        try {
          gcmDecrypt(key, bad);
        } catch {
          rejected++;
        }
      }
    }
    expect(rejected).toBe(total);
    expect(() => gcmDecrypt(randomBytes(32), sealed)).toThrow('invalid ciphertext');
    expect(() => unpackGcm('v1.garbage')).toThrow('invalid ciphertext');
  });
});

describe('Keyring', () => {
  const k1 = randomBytes(32).toString('base64url');
  const k2 = randomBytes(32).toString('base64url');

  it('reads TENANT_ENCRYPTION_KEYS and the documented TENANT_ENCRYPTION_KEY as version 1', () => {
    const ring = Keyring.fromEnv('TENANT_ENCRYPTION', {
      TENANT_ENCRYPTION_KEYS: `2:${k2}`,
      TENANT_ENCRYPTION_KEY: `${k1}=`,
    });
    expect(ring.versions).toEqual([2, 1]);
    expect(ring.currentVersion).toBe(2);
    expect(Keyring.fromEnv('TENANT_ENCRYPTION', { TENANT_ENCRYPTION_KEY: k1 }).currentVersion).toBe(1);
  });

  it('names the variable when configuration is missing or wrong, and never prints key material', () => {
    expect(() => Keyring.fromEnv('TENANT_ENCRYPTION', {})).toThrow(
      /TENANT_ENCRYPTION_KEY or TENANT_ENCRYPTION_KEYS/,
    );
    expect(() => Keyring.fromEnv('TENANT_ENCRYPTION', { TENANT_ENCRYPTION_KEYS: 'x' })).toThrow(
      KeyringConfigError,
    );
    const short = 'c2hvcnQ';
    try {
      Keyring.fromEnv('TENANT_ENCRYPTION', { TENANT_ENCRYPTION_KEY: short });
      throw new Error('accepted a short key');
    } catch (e) {
      expect(String(e)).toMatch(/TENANT_ENCRYPTION_KEY/);
      expect(String(e)).not.toContain(short);
    }
    const ring = new Keyring([[1, k1]]);
    for (const text of [String(ring), JSON.stringify({ ring }), require('node:util').inspect(ring)]) {
      expect(text).not.toContain(k1);
      expect(text).toContain('versions: 1');
    }
  });
});

describe('packed GCM text', () => {
  it('refuses non-canonical base64 (a changed last character that decodes to the same bytes)', () => {
    const key = randomBytes(32);
    const packed = packGcm(1, gcmEncrypt(key, Buffer.from('x')));
    // Two base64url characters differ only in their unused low bits when the ciphertext is 1 byte.
    const last = packed.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[alphabet.indexOf(last) ^ 1]!;
    expect(() => unpackGcm(packed.slice(0, -1) + twin)).toThrow('invalid ciphertext');
    expect(gcmDecrypt(key, unpackGcm(packed).sealed).toString()).toBe('x');
  });
});
