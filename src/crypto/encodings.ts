import { FernetError, fernetDecrypt, fernetEncrypt } from './fernet';
import { GcmError, type GcmSealed, packGcm, unpackGcm } from './gcm';
import type { Keyring } from './keyring';
import { seal, unseal } from './sealed';

/*
 * The text forms secrets take in their columns. Every opener returns undefined for anything that
 * does not authenticate (wrong key, unknown version, damaged or non-canonical text), never garbage
 * and never a throw, so a repository function can answer DECRYPT_FAILED.
 */

/** A decrypted secret and the key version that opened it. */
export interface Opened {
  plaintext: string;
  version: number;
}

// ─── packed form: one text column per secret ──────────────────────────────────────────────────────

/** Seals `text` with the current key as `v<version>.<iv>.<tag>.<ciphertext>` (see packGcm). */
export const sealPacked = (keyring: Keyring, text: string): string =>
  packGcm(keyring.currentVersion, seal(keyring, text));

/** Opens a packed value with the key of the version it names; only the canonical text is accepted. */
export function openPacked(keyring: Keyring, packed: string): Opened | undefined {
  try {
    const { version, sealed } = unpackGcm(packed);
    // unpackGcm reads the version digits as a number ("v01." is version 1); only "v1." is canonical.
    if (packGcm(version, sealed) !== packed) return undefined;
    const opened = unseal(keyring, { ...sealed, version });
    return opened && { plaintext: opened.plaintext.toString('utf8'), version };
  } catch (error) {
    if (error instanceof GcmError) return undefined;
    throw error;
  }
}

/** The SQL LIKE pattern of the values packed with `version`: rotation picks the others. */
export const packedLike = (version: number): string => `v${version}.%`;

// ─── column triple: ciphertext, IV and tag in their own columns ───────────────────────────────────

/**
 * Each column holds exactly its part as standard base64, readable by any AES-GCM implementation.
 * There is no version: `openColumns` tries every key, newest first, and the GCM tag accepts only
 * the right one (false accept 2^-128).
 */
export interface SecretColumns {
  data: string;
  iv: string;
  tag: string;
}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict, canonical base64 (so a changed padding bit is not silently ignored), optionally of a fixed length. */
function fromB64(text: string | null, bytes?: number): Buffer | undefined {
  if (text === null || !B64.test(text)) return undefined;
  const buf = Buffer.from(text, 'base64');
  if (buf.toString('base64') !== text || (bytes !== undefined && buf.length !== bytes)) return undefined;
  return buf;
}

export function sealColumns(keyring: Keyring, plaintext: string): SecretColumns {
  const s = seal(keyring, plaintext);
  return {
    data: s.ciphertext.toString('base64'),
    iv: s.iv.toString('base64'),
    tag: s.authTag.toString('base64'),
  };
}

/** Opens with any key of the ring (or only `version`, to ask "is it on this key?"). */
export function openColumns(
  keyring: Keyring,
  c: { data: string | null; iv: string | null; tag: string | null },
  version?: number,
): Opened | undefined {
  const iv = fromB64(c.iv, 12);
  const authTag = fromB64(c.tag, 16);
  const ciphertext = fromB64(c.data);
  if (!iv || !authTag || !ciphertext) return undefined;
  const sealed = { iv, authTag, ciphertext };
  const opened = unseal(keyring, version === undefined ? sealed : { ...sealed, version });
  return opened && { plaintext: opened.plaintext.toString('utf8'), version: opened.version };
}

// ─── tagged form: `<ciphertext>.<tag>`, the IV kept elsewhere ─────────────────────────────────────

/** `<ciphertext>.<auth tag>` in URL-safe base64, for a column whose IV (and version) live in another. */
export const packTagged = (s: GcmSealed): string =>
  `${s.ciphertext.toString('base64url')}.${s.authTag.toString('base64url')}`;

/** The sealed value of a tagged text and its IV; undefined when the text is not of that form. */
export function unpackTagged(text: string, iv: Buffer): GcmSealed | undefined {
  const m = /^([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/.exec(text);
  if (!m) return undefined;
  return { iv, ciphertext: Buffer.from(m[1]!, 'base64url'), authTag: Buffer.from(m[2]!, 'base64url') };
}

// ─── Fernet token under a stated version ──────────────────────────────────────────────────────────

/** A Fernet token (its ASCII bytes) sealed with the current key, and that key's version. */
export function sealFernet(keyring: Keyring, text: string): { token: Buffer; version: number } {
  const version = keyring.currentVersion;
  const token = fernetEncrypt(keyring.key(version)!, Buffer.from(text));
  return { token: Buffer.from(token, 'ascii'), version };
}

/** Opens a Fernet token with the key of `version` (a column records it). */
export function openFernet(keyring: Keyring, version: number, token: Buffer): string | undefined {
  const key = keyring.key(version);
  if (!key) return undefined;
  try {
    return fernetDecrypt(key, token).toString('utf8');
  } catch (error) {
    if (error instanceof FernetError) return undefined;
    throw error;
  }
}

// ─── JSON secrets ─────────────────────────────────────────────────────────────────────────────────

/** A decrypted JSON secret; undefined when the plaintext is not JSON (a damaged or foreign value). */
export function parseJsonSecret(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
