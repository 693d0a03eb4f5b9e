// Exact behaviour of the cipher modules at their edges: error classes and messages (part of the
// API), token/ciphertext shapes one byte off, the TTL boundary, the strict alphabets, and
// seal/unseal key selection. ciphers.test.ts covers the round trips, bit flips and Python interop.
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  FernetError,
  fernetDecrypt,
  fernetEncrypt,
  GcmError,
  gcmDecrypt,
  gcmEncrypt,
  Keyring,
  packGcm,
  seal,
  strictBase64url,
  unpackGcm,
  unseal,
} from '../../src/crypto';

/** The value `fn` throws; fails the test when it returns instead. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, but it returned');
}

/** `fn` throws exactly this class (by constructor and by `name`) with exactly this message. */
function expectError(fn: () => unknown, type: typeof FernetError | typeof GcmError, message: string): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(type);
  expect(error).toMatchObject({ name: type.name, message });
}

const expectInvalidToken = (fn: () => unknown) => expectError(fn, FernetError, 'invalid token');
const expectInvalidCiphertext = (fn: () => unknown) => expectError(fn, GcmError, 'invalid ciphertext');

describe('Fernet edges', () => {
  // The specification's key, time and IV (as in ciphers.test.ts), so tokens are deterministic.
  const key = Buffer.from('cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=', 'base64url');
  const issuedAt = 499_162_800; // 1985-10-26T01:20:00-07:00
  const iv = Buffer.from([...Array(16).keys()]);
  const specToken =
    'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==';

  /** URL-safe base64 with padding, as Fernet writes it. */
  const encode = (raw: Buffer) => raw.toString('base64url').padEnd(Math.ceil(raw.length / 3) * 4, '=');

  function header(version = 0x80, seconds = issuedAt): Buffer {
    const h = Buffer.alloc(25);
    h[0] = version;
    h.writeBigUInt64BE(BigInt(seconds), 1);
    iv.copy(h, 9);
    return h;
  }

  function cbc(plaintext: Buffer, autoPadding = true): Buffer {
    const cipher = createCipheriv('aes-128-cbc', key.subarray(16), iv);
    cipher.setAutoPadding(autoPadding);
    return Buffer.concat([cipher.update(plaintext), cipher.final()]);
  }

  /** A token with a correct HMAC over any body: only the property a test changes is wrong. */
  function signed(body: Buffer): string {
    return encode(Buffer.concat([body, createHmac('sha256', key.subarray(0, 16)).update(body).digest()]));
  }

  it('the forging helper reproduces the specification token (so each forged token differs in one property)', () => {
    expect(signed(Buffer.concat([header(), cbc(Buffer.from('hello'))]))).toBe(specToken);
    expect(fernetEncrypt(key, Buffer.from('hello'), { now: new Date(issuedAt * 1000), iv })).toBe(specToken);
  });

  it('a key of 31 or 33 bytes is a FernetError naming the size, for encrypt and decrypt', () => {
    const token = fernetEncrypt(key, Buffer.from('x'));
    for (const bad of [key.subarray(0, 31), Buffer.concat([key, Buffer.from([1])]), Buffer.alloc(0)]) {
      expectError(() => fernetEncrypt(bad, Buffer.from('x')), FernetError, 'a Fernet key is 32 bytes');
      expectError(() => fernetDecrypt(bad, token), FernetError, 'a Fernet key is 32 bytes');
    }
    expect(String(thrown(() => fernetEncrypt(key.subarray(1), Buffer.from('x'))))).toBe(
      'FernetError: a Fernet key is 32 bytes',
    );
  });

  it('accepts the token as a Buffer (latin1 text) and rejects a Buffer with a non-base64 byte', () => {
    const token = fernetEncrypt(key, Buffer.from('as bytes'));
    expect(fernetDecrypt(key, Buffer.from(token, 'latin1')).toString()).toBe('as bytes');
    expectInvalidToken(() => fernetDecrypt(key, Buffer.concat([Buffer.from(token), Buffer.from([0xe9])])));
    expectInvalidToken(() => fernetDecrypt(key, Buffer.alloc(0)));
  });

  it('refuses characters outside URL-safe base64 even where Node would skip them and decode the same bytes', () => {
    const unpadded = specToken.replace(/=+$/, '');
    expect(specToken).toContain('_');
    const variants = [
      `!${specToken}`, // junk before: the pattern is anchored at the start
      `${unpadded}!`, // junk after: anchored at the end
      `${specToken}=`, // three padding characters
      `${specToken.slice(0, 20)} ${specToken.slice(20)}`, // whitespace inside
      `${specToken.slice(0, 20)}\n${specToken.slice(20)}`,
      specToken.replace(/_/g, '/'), // the standard alphabet
    ];
    for (const text of variants) {
      // Node's decoder is lenient, so only the alphabet check tells these apart from the token…
      expect(Buffer.from(text, 'base64url').equals(Buffer.from(specToken, 'base64url'))).toBe(true);
      // …and it must reject them.
      expectInvalidToken(() => fernetDecrypt(key, text));
    }
    // Padding is optional.
    expect(fernetDecrypt(key, unpadded).toString()).toBe('hello');
    expect(fernetDecrypt(key, specToken).toString()).toBe('hello');
  });

  it('rejects tokens shorter than version ‖ timestamp ‖ IV ‖ one block ‖ HMAC with FernetError, not a crash', () => {
    // 9 and 25 bytes: short enough that a missing length check would reach the HMAC comparison
    // with buffers of different sizes.
    expectInvalidToken(() => fernetDecrypt(key, encode(header().subarray(0, 9))));
    expectInvalidToken(() => fernetDecrypt(key, encode(header())));
    expectInvalidToken(() => fernetDecrypt(key, encode(Buffer.concat([header(), randomBytes(16)]))));
    // Correctly signed but without a ciphertext block (57 bytes), or one byte short of a block (72).
    expectInvalidToken(() => fernetDecrypt(key, signed(header())));
    expectInvalidToken(() => fernetDecrypt(key, signed(Buffer.concat([header(), randomBytes(15)]))));
    // One byte too many: the ciphertext is not whole blocks (74 bytes).
    expectInvalidToken(() =>
      fernetDecrypt(key, signed(Buffer.concat([header(), cbc(Buffer.from('x')), Buffer.from([0])]))),
    );
    // The shortest valid token (empty plaintext: one padding block) is exactly 73 bytes.
    const empty = fernetEncrypt(key, Buffer.alloc(0));
    expect(Buffer.from(empty, 'base64url')).toHaveLength(73);
    expect(fernetDecrypt(key, empty)).toEqual(Buffer.alloc(0));
  });

  it('rejects a correctly signed token whose version byte is not 0x80', () => {
    const ciphertext = cbc(Buffer.from('versioned'));
    expect(fernetDecrypt(key, signed(Buffer.concat([header(0x80), ciphertext]))).toString()).toBe(
      'versioned',
    );
    for (const version of [0x00, 0x7f, 0x81, 0xff]) {
      expectInvalidToken(() => fernetDecrypt(key, signed(Buffer.concat([header(version), ciphertext]))));
    }
  });

  it('rejects a correctly signed token whose PKCS7 padding is wrong', () => {
    for (const last of [0x00, 0x11]) {
      const block = Buffer.alloc(16, 1);
      block[15] = last;
      const token = signed(Buffer.concat([header(), cbc(block, false)]));
      expectInvalidToken(() => fernetDecrypt(key, token));
    }
  });

  it('accepts a token exactly at its TTL and rejects it one second later', () => {
    const token = fernetEncrypt(key, Buffer.from('ttl'), { now: new Date(issuedAt * 1000) });
    const at = (ms: number) => ({ ttlSeconds: 60, now: new Date(issuedAt * 1000 + ms) });
    expect(fernetDecrypt(key, token, at(60_000)).toString()).toBe('ttl');
    expect(fernetDecrypt(key, token, at(60_999)).toString()).toBe('ttl'); // whole seconds
    expectInvalidToken(() => fernetDecrypt(key, token, at(61_000)));
    expect(fernetDecrypt(key, token, { ttlSeconds: 0, now: new Date(issuedAt * 1000) }).toString()).toBe(
      'ttl',
    );
    expectInvalidToken(() =>
      fernetDecrypt(key, token, { ttlSeconds: 0, now: new Date(issuedAt * 1000 + 1000) }),
    );
    // Without a TTL the age is not checked at all.
    expect(fernetDecrypt(key, token, { now: new Date(4_000_000_000_000) }).toString()).toBe('ttl');
  });

  it('with a TTL, refuses a token stamped more than 60 s ahead (clock skew); without one, accepts it', () => {
    const token = fernetEncrypt(key, Buffer.from('ahead'), { now: new Date(issuedAt * 1000) });
    const at = (ms: number) => ({ ttlSeconds: 3600, now: new Date(issuedAt * 1000 - ms) });
    expect(fernetDecrypt(key, token, at(60_000)).toString()).toBe('ahead');
    expectInvalidToken(() => fernetDecrypt(key, token, at(61_000)));
    expect(fernetDecrypt(key, token, { now: new Date(issuedAt * 1000 - 86_400_000) }).toString()).toBe(
      'ahead',
    );
  });
});

describe('AES-256-GCM edges', () => {
  const key = randomBytes(32);

  /** Encrypts with Node directly, allowing the IV and tag sizes gcmEncrypt never produces. */
  function sealWith(ivBytes: number, tagBytes: number, plaintext: string) {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { iv, ciphertext, authTag: cipher.getAuthTag() };
  }

  it('a key of 31 or 33 bytes is a GcmError naming the size', () => {
    for (const bad of [key.subarray(0, 31), Buffer.concat([key, Buffer.from([1])])]) {
      expectError(() => gcmEncrypt(bad, Buffer.from('x')), GcmError, 'an AES-256 key is 32 bytes');
    }
    expect(String(thrown(() => gcmEncrypt(key.subarray(1), Buffer.from('x'))))).toBe(
      'GcmError: an AES-256 key is 32 bytes',
    );
    // Decrypting with a wrong-size key says nothing about keys.
    expectInvalidCiphertext(() => gcmDecrypt(key.subarray(1), gcmEncrypt(key, Buffer.from('x'))));
  });

  it('only a 96-bit IV is accepted, even when the value is otherwise authentic', () => {
    expect(gcmDecrypt(key, sealWith(12, 16, 'twelve')).toString()).toBe('twelve');
    for (const ivBytes of [8, 11, 13, 16]) {
      expectInvalidCiphertext(() => gcmDecrypt(key, sealWith(ivBytes, 16, 'other iv')));
    }
  });

  it('only a 128-bit tag is accepted, even when the shorter tag is authentic', () => {
    for (const tagBytes of [4, 8, 12, 15]) {
      expectInvalidCiphertext(() => gcmDecrypt(key, sealWith(12, tagBytes, 'short tag')));
    }
    const sealed = gcmEncrypt(key, Buffer.from('x'));
    expectInvalidCiphertext(() =>
      gcmDecrypt(key, { ...sealed, authTag: Buffer.concat([sealed.authTag, sealed.authTag]) }),
    );
  });

  it('binds the additional data: the same AAD opens, none or another one does not', () => {
    const aad = Buffer.from('tenant-42');
    const sealed = gcmEncrypt(key, Buffer.from('with aad'), aad);
    expect(gcmDecrypt(key, sealed, aad).toString()).toBe('with aad');
    expectInvalidCiphertext(() => gcmDecrypt(key, sealed));
    expectInvalidCiphertext(() => gcmDecrypt(key, sealed, Buffer.from('tenant-43')));
    const plain = gcmEncrypt(key, Buffer.from('no aad'));
    expectInvalidCiphertext(() => gcmDecrypt(key, plain, aad));
  });

  it('packed text: versions up to nine digits, nothing before or after the four parts', () => {
    const sealed = gcmEncrypt(key, Buffer.from('packed'));
    for (const version of [1, 12, 123_456_789]) {
      const unpacked = unpackGcm(packGcm(version, sealed));
      expect(unpacked.version).toBe(version);
      expect(gcmDecrypt(key, unpacked.sealed).toString()).toBe('packed');
    }
    const packed = packGcm(1, sealed);
    for (const text of [
      `x${packed}`,
      ` ${packed}`,
      `${packed}!`,
      `${packed}\n`,
      `${packed}=`,
      packGcm(1_234_567_890, sealed),
      packed.replace(/^v1/, 'v'),
      packed.replace(/^v1/, 'V1'),
      packed.slice(1),
    ]) {
      expectInvalidCiphertext(() => unpackGcm(text));
    }
    // An empty ciphertext part is well-formed (empty plaintext).
    const empty = unpackGcm(packGcm(2, gcmEncrypt(key, Buffer.alloc(0))));
    expect(gcmDecrypt(key, empty.sealed)).toEqual(Buffer.alloc(0));
  });

  it('strictBase64url drops only trailing padding and refuses non-canonical text', () => {
    for (const text of ['QQ', 'QQ=', 'QQ==', 'QQ==='])
      expect(strictBase64url(text)).toEqual(Buffer.from('A'));
    expect(strictBase64url('')).toEqual(Buffer.alloc(0));
    expect(strictBase64url('QUJD')).toEqual(Buffer.from('ABC'));
    for (const text of ['QR', 'QQ=A', '=QQ', 'Q', 'QQ==QQ'])
      expectInvalidCiphertext(() => strictBase64url(text));
  });
});

describe('seal / unseal', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const v1 = new Keyring([[1, k1]]);
  const v12 = new Keyring([
    [1, k1],
    [2, k2],
  ]);

  it('seals under the current version, strings as UTF-8', () => {
    const sealed = seal(v12, 'grüße');
    expect(sealed.version).toBe(2);
    expect(gcmDecrypt(k2, sealed).toString('utf8')).toBe('grüße');
    expect(unseal(v12, sealed)).toEqual({ plaintext: Buffer.from('grüße', 'utf8'), version: 2 });
    expect(unseal(v12, seal(v12, Buffer.from([0, 255])))?.plaintext).toEqual(Buffer.from([0, 255]));
  });

  it('with a version, tries only that key: an unknown version or another key gives undefined', () => {
    const sealed = seal(v1, 'one');
    expect(unseal(v12, sealed)).toEqual({ plaintext: Buffer.from('one'), version: 1 });
    expect(unseal(v12, { ...sealed, version: 2 })).toBeUndefined();
    expect(unseal(v12, { ...sealed, version: 3 })).toBeUndefined();
    expect(unseal(new Keyring([[1, randomBytes(32)]]), sealed)).toBeUndefined();
  });

  it('without a version, tries every key newest first and reports the one that opened it', () => {
    const { version: _, ...bare } = seal(v1, 'no version');
    const tried: number[] = [];
    const ring = new Keyring([
      [1, k1],
      [3, randomBytes(32)],
      [2, k2],
    ]);
    const key = ring.key.bind(ring);
    vi.spyOn(ring, 'key').mockImplementation((v) => {
      tried.push(v);
      return key(v);
    });
    expect(unseal(ring, bare)).toEqual({ plaintext: Buffer.from('no version'), version: 1 });
    expect(tried).toEqual([3, 2, 1]);
    const { version: __, ...newest } = seal(ring, 'newest');
    tried.length = 0;
    expect(unseal(ring, newest)).toEqual({ plaintext: Buffer.from('newest'), version: 3 });
    expect(tried).toEqual([3]);
    expect(unseal(new Keyring([[5, randomBytes(32)]]), bare)).toBeUndefined();
  });

  it('a damaged value gives undefined, but a programming error is not swallowed', () => {
    const sealed = seal(v1, 'x');
    expect(unseal(v1, { ...sealed, iv: sealed.iv.subarray(1) })).toBeUndefined();
    expect(unseal(v1, { ...sealed, authTag: Buffer.alloc(16) })).toBeUndefined();
    expect(() => unseal(v1, { ...sealed, iv: undefined as unknown as Buffer })).toThrow(TypeError);
  });
});
