// The secret encodings and the keyring-argument check every system's secrets functions share
// (src/crypto/encodings.ts, keyring-argument.ts): exact text forms, what opens, and that anything
// damaged, foreign or non-canonical answers undefined instead of throwing or returning garbage.
import { describe, expect, it } from 'vitest';
import {
  fernetEncrypt,
  isKeyring,
  keyringProblem,
  openColumns,
  openFernet,
  openPacked,
  packedLike,
  packGcm,
  packTagged,
  parseJsonSecret,
  seal,
  sealColumns,
  sealFernet,
  sealPacked,
  unpackGcm,
  unpackTagged,
  unseal,
} from '../../src/crypto';
import { rotationKeyrings, strangerKeyring } from '../fixtures/keyrings';

const { v1, v12, v2 } = rotationKeyrings();
const B64 = /^[A-Za-z0-9+/]+=*$/;

describe('packed form', () => {
  it('seals with the current key as v<version>.…, opens with the key its version names', () => {
    const packed = sealPacked(v12, 'tökén');
    expect(packed.startsWith('v2.')).toBe(true);
    expect(packed).toMatch(/^v2\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(openPacked(v12, packed)).toEqual({ plaintext: 'tökén', version: 2 });
    expect(openPacked(v2, packed)).toEqual({ plaintext: 'tökén', version: 2 });
    expect(openPacked(v12, sealPacked(v1, 'old'))).toEqual({ plaintext: 'old', version: 1 });
    expect(sealPacked(v12, 'x')).not.toBe(sealPacked(v12, 'x'));
  });

  it('a wrong key, an unknown version, damage and non-canonical text are undefined', () => {
    const packed = sealPacked(v1, 'secret');
    const { sealed } = unpackGcm(packed);
    expect(openPacked(v2, packed)).toBeUndefined();
    expect(openPacked(strangerKeyring(), packed)).toBeUndefined();
    expect(openPacked(v12, packed.replace(/^v1\./, 'v7.'))).toBeUndefined();
    // The same bytes with a leading zero in the version: decodes, but is not the canonical text.
    expect(openPacked(v12, packed.replace(/^v1\./, 'v01.'))).toBeUndefined();
    expect(openPacked(v12, packGcm(1, sealed))).toEqual({ plaintext: 'secret', version: 1 });
    for (const bad of ['', 'v1', packed.slice(0, -2), `${packed}A`, packed.replace(/^v1/, 'V1')])
      expect(openPacked(v12, bad)).toBeUndefined();
  });

  it('packedLike is the LIKE pattern of one version', () => {
    expect(packedLike(2)).toBe('v2.%');
    expect(packedLike(17)).toBe('v17.%');
  });
});

describe('column triple', () => {
  it('seals to standard base64 of a 12-byte IV and 16-byte tag; opens by trial or with one version', () => {
    const c = sealColumns(v1, '{"a":1}');
    expect(Buffer.from(c.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(c.tag, 'base64')).toHaveLength(16);
    for (const part of [c.data, c.iv, c.tag]) expect(part).toMatch(B64);
    expect(openColumns(v12, c)).toEqual({ plaintext: '{"a":1}', version: 1 });
    expect(openColumns(v12, c, 1)).toEqual({ plaintext: '{"a":1}', version: 1 });
    expect(openColumns(v12, c, 2)).toBeUndefined();
    expect(openColumns(v2, c)).toBeUndefined();
  });

  it('refuses nulls, wrong lengths, non-base64 and a changed padding bit', () => {
    const c = sealColumns(v1, 'secret value');
    // The tag's last character carries 4 spare bits: a twin decodes to the same bytes.
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = ALPHABET.indexOf(c.tag[c.tag.length - 3]!);
    const twin = `${c.tag.slice(0, -3)}${ALPHABET[last ^ 1]}==`;
    expect(Buffer.from(twin, 'base64').equals(Buffer.from(c.tag, 'base64'))).toBe(true);
    for (const bad of [
      { ...c, data: null },
      { ...c, iv: null },
      { ...c, tag: null },
      { ...c, iv: c.iv.slice(0, 12) },
      { ...c, tag: c.tag.slice(0, 20) },
      { ...c, data: `${c.data}!` },
      { ...c, tag: twin },
    ])
      expect(openColumns(v12, bad)).toBeUndefined();
  });
});

describe('tagged form', () => {
  it('is <ciphertext>.<tag> in URL-safe base64 and unpacks with the IV kept elsewhere', () => {
    const s = seal(v1, 'access');
    const text = packTagged(s);
    expect(text).toBe(`${s.ciphertext.toString('base64url')}.${s.authTag.toString('base64url')}`);
    const back = unpackTagged(text, s.iv);
    expect(back).toEqual({ iv: s.iv, ciphertext: s.ciphertext, authTag: s.authTag });
    expect(unseal(v12, { ...back!, version: 1 })?.plaintext.toString()).toBe('access');
    for (const bad of ['', text.replace('.', ''), `${text}A`, `${text.slice(0, -1)}+`, `a.${'A'.repeat(21)}`])
      expect(unpackTagged(bad, s.iv)).toBeUndefined();
  });
});

describe('Fernet under a stated version', () => {
  it('seals with the current key (ASCII token bytes) and opens with the key of the version given', () => {
    const { token, version } = sealFernet(v12, '{"sid":"x"}');
    expect(version).toBe(2);
    expect(token.toString('ascii')).toMatch(/^gAAAAA[A-Za-z0-9_-]+=*$/);
    expect(openFernet(v12, 2, token)).toBe('{"sid":"x"}');
    expect(openFernet(v2, 2, token)).toBe('{"sid":"x"}');
    expect(openFernet(v12, 1, token)).toBeUndefined();
    expect(openFernet(v1, 2, token)).toBeUndefined();
    expect(openFernet(v12, 2, Buffer.from('not a token'))).toBeUndefined();
    const k1 = v1.key(1)!;
    expect(openFernet(v12, 1, Buffer.from(fernetEncrypt(k1, Buffer.from('old')), 'ascii'))).toBe('old');
  });
});

describe('parseJsonSecret', () => {
  it('any JSON value, or undefined when the text is not JSON', () => {
    expect(parseJsonSecret('{"a":[1,null]}')).toEqual({ value: { a: [1, null] } });
    expect(parseJsonSecret('null')).toEqual({ value: null });
    expect(parseJsonSecret('"s"')).toEqual({ value: 's' });
    for (const bad of ['', '{', 'undefined', "{'a':1}"]) expect(parseJsonSecret(bad)).toBeUndefined();
  });
});

describe('keyring argument', () => {
  it('accepts a Keyring and a Keyring-shaped copy; anything else is INVALID_INPUT with the message', () => {
    const copy = { currentVersion: 1, key: (v: number) => v1.key(v), versions: [1] };
    expect(isKeyring(v12)).toBe(true);
    expect(isKeyring(copy)).toBe(true);
    expect(keyringProblem(v12)).toBeUndefined();
    const refused = [
      undefined,
      null,
      {},
      'key',
      v12.key(2),
      { currentVersion: 1.5, key: () => Buffer.alloc(32) },
      { currentVersion: 1, key: 'x' },
      { currentVersion: 3, key: (v: number) => v12.key(v) },
    ];
    for (const bad of refused) {
      expect(isKeyring(bad)).toBe(false);
      expect(keyringProblem(bad)).toEqual({
        success: false,
        error: 'INVALID_INPUT',
        message: 'keyring: a Keyring is required',
      });
    }
    expect(keyringProblem(undefined, 'keyring: custom')).toEqual({
      success: false,
      error: 'INVALID_INPUT',
      message: 'keyring: custom',
    });
  });
});
