import { GcmError, type GcmSealed, gcmDecrypt, gcmEncrypt } from './gcm';
import type { Keyring } from './keyring';

/** A value sealed with AES-256-GCM under one keyring version. */
export interface Sealed extends GcmSealed {
  version: number;
}

export function seal(keyring: Keyring, plaintext: string | Buffer): Sealed {
  const version = keyring.currentVersion;
  const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  return { version, ...gcmEncrypt(keyring.key(version)!, bytes) };
}

/**
 * Opens a sealed value. With a known version only that key is tried; without one (columns that
 * have nowhere to record it) every key is tried, newest first: the GCM tag tells the right one.
 * Returns undefined for a wrong key, unknown version or damaged value — never garbage.
 */
export function unseal(
  keyring: Keyring,
  sealed: GcmSealed & { version?: number },
): { plaintext: Buffer; version: number } | undefined {
  const versions = sealed.version !== undefined ? [sealed.version] : keyring.versions;
  for (const version of versions) {
    const key = keyring.key(version);
    if (!key) continue;
    try {
      return { plaintext: gcmDecrypt(key, sealed), version };
    } catch (error) {
      if (!(error instanceof GcmError)) throw error;
    }
  }
  return undefined;
}
