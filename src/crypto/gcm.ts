import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM with a fresh random 96-bit IV per value and a 128-bit tag that is always checked. */
export interface GcmSealed {
  iv: Buffer;
  ciphertext: Buffer;
  authTag: Buffer;
}

export class GcmError extends Error {
  override name = 'GcmError';
}

export function gcmEncrypt(key: Buffer, plaintext: Buffer, aad?: Buffer): GcmSealed {
  if (key.length !== 32) throw new GcmError('an AES-256 key is 32 bytes');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  if (aad) cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, authTag: cipher.getAuthTag() };
}

export function gcmDecrypt(key: Buffer, sealed: GcmSealed, aad?: Buffer): Buffer {
  if (sealed.iv.length !== 12 || sealed.authTag.length !== 16) throw new GcmError('invalid ciphertext');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: 16 });
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(sealed.authTag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    throw new GcmError('invalid ciphertext');
  }
}

/**
 * One-column form for columns that hold a whole secret in one text value:
 * `v<keyVersion>.<iv>.<tag>.<ciphertext>`, each part URL-safe base64.
 */
export function packGcm(version: number, sealed: GcmSealed): string {
  return `v${version}.${sealed.iv.toString('base64url')}.${sealed.authTag.toString('base64url')}.${sealed.ciphertext.toString('base64url')}`;
}

export function unpackGcm(text: string): { version: number; sealed: GcmSealed } {
  const m = /^v(\d{1,9})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]*)$/.exec(text);
  if (!m) throw new GcmError('invalid ciphertext');
  return {
    version: Number(m[1]),
    sealed: {
      iv: strictBase64url(m[2]!),
      authTag: strictBase64url(m[3]!),
      ciphertext: strictBase64url(m[4]!),
    },
  };
}

/**
 * Decodes URL-safe base64, refusing non-canonical text: Node ignores the unused low bits of the
 * last character, so without this check a changed character could still decrypt.
 */
export function strictBase64url(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text.replace(/=+$/, '')) throw new GcmError('invalid ciphertext');
  return bytes;
}
