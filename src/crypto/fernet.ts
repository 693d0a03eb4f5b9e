import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Fernet (https://github.com/fernet/spec): AES-128-CBC with PKCS7 padding, authenticated with
 * HMAC-SHA256 over version ‖ timestamp ‖ IV ‖ ciphertext. Tokens are URL-safe base64 with padding,
 * exactly as Python's `cryptography.fernet` writes and reads them.
 */
const VERSION = 0x80;
const HEADER = 1 + 8 + 16;
const MAC = 32;
/** With a TTL, a token stamped further ahead than this is refused (Python's Fernet allows 60 s of clock skew). */
const MAX_CLOCK_SKEW_SECONDS = 60;

export class FernetError extends Error {
  override name = 'FernetError';
}

function splitKey(key: Buffer): { signing: Buffer; encryption: Buffer } {
  if (key.length !== 32) throw new FernetError('a Fernet key is 32 bytes');
  return { signing: key.subarray(0, 16), encryption: key.subarray(16) };
}

export function fernetEncrypt(
  key: Buffer,
  plaintext: Buffer,
  options: { now?: Date; iv?: Buffer } = {},
): string {
  const { signing, encryption } = splitKey(key);
  const iv = options.iv ?? randomBytes(16);
  const header = Buffer.alloc(HEADER);
  header[0] = VERSION;
  header.writeBigUInt64BE(BigInt(Math.floor((options.now ?? new Date()).getTime() / 1000)), 1);
  iv.copy(header, 9);
  const cipher = createCipheriv('aes-128-cbc', encryption, iv);
  const body = Buffer.concat([header, cipher.update(plaintext), cipher.final()]);
  const mac = createHmac('sha256', signing).update(body).digest();
  return Buffer.concat([body, mac])
    .toString('base64url')
    .padEnd(Math.ceil((body.length + MAC) / 3) * 4, '=');
}

/** Decrypts a token; any malformed, tampered or wrong-key token throws FernetError (no detail about why). */
export function fernetDecrypt(
  key: Buffer,
  token: string | Buffer,
  options: { ttlSeconds?: number; now?: Date } = {},
): Buffer {
  const { signing, encryption } = splitKey(key);
  const text = typeof token === 'string' ? token : token.toString('latin1');
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(text)) throw new FernetError('invalid token');
  const data = Buffer.from(text, 'base64url');
  if (data.length < HEADER + 16 + MAC || (data.length - HEADER - MAC) % 16 !== 0 || data[0] !== VERSION) {
    throw new FernetError('invalid token');
  }
  const body = data.subarray(0, data.length - MAC);
  const expected = createHmac('sha256', signing).update(body).digest();
  if (!timingSafeEqual(expected, data.subarray(data.length - MAC))) throw new FernetError('invalid token');
  if (options.ttlSeconds !== undefined) {
    const issued = Number(data.readBigUInt64BE(1));
    const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
    if (issued + options.ttlSeconds < now) throw new FernetError('invalid token');
    if (issued > now + MAX_CLOCK_SKEW_SECONDS) throw new FernetError('invalid token');
  }
  try {
    const decipher = createDecipheriv('aes-128-cbc', encryption, data.subarray(9, HEADER));
    return Buffer.concat([decipher.update(data.subarray(HEADER, data.length - MAC)), decipher.final()]);
  } catch {
    throw new FernetError('invalid token');
  }
}
