/**
 * A versioned keyring: one current key (the highest version) encrypts; every key decrypts.
 * Keys are 32 bytes, written as URL-safe base64 (Python's `Fernet.generate_key()` format).
 * Secret material is never part of an error message, a log line or `toString()`.
 */
export class KeyringConfigError extends Error {
  override name = 'KeyringConfigError';
}

const KEY_BYTES = 32;

function decodeKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9_\-+/]+=*$/.test(trimmed)) throw new KeyringConfigError(`${where}: not base64`);
  const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length !== KEY_BYTES) {
    throw new KeyringConfigError(
      `${where}: a key must be ${KEY_BYTES} bytes of URL-safe base64 (got ${bytes.length} bytes)`,
    );
  }
  return bytes;
}

export class Keyring {
  readonly #keys: Map<number, Buffer>;
  readonly currentVersion: number;

  constructor(keys: Iterable<[version: number, key: Buffer | string]>) {
    this.#keys = new Map();
    for (const [version, key] of keys) {
      if (!Number.isInteger(version) || version < 1)
        throw new KeyringConfigError(`key version ${version}: must be an integer ≥ 1`);
      if (this.#keys.has(version)) throw new KeyringConfigError(`key version ${version} given twice`);
      const bytes = typeof key === 'string' ? decodeKey(key, `key version ${version}`) : Buffer.from(key);
      if (bytes.length !== KEY_BYTES)
        throw new KeyringConfigError(`key version ${version}: must be ${KEY_BYTES} bytes`);
      this.#keys.set(version, bytes);
    }
    if (this.#keys.size === 0) throw new KeyringConfigError('the keyring has no keys');
    this.currentVersion = Math.max(...this.#keys.keys());
  }

  /**
   * Reads `<PREFIX>_KEYS` ("2:<key>,1:<key>") and/or `<PREFIX>_KEY` (one key, version 1 — the
   * documented `TENANT_ENCRYPTION_KEY`). Missing both is a configuration error naming the variables.
   */
  static fromEnv(
    prefix = 'TENANT_ENCRYPTION',
    env: Record<string, string | undefined> = process.env,
  ): Keyring {
    const entries: [number, Buffer][] = [];
    const list = env[`${prefix}_KEYS`];
    if (list?.trim()) {
      for (const part of list.split(',')) {
        const m = /^\s*(\d+)\s*:\s*(\S+)\s*$/.exec(part);
        if (!m) throw new KeyringConfigError(`${prefix}_KEYS: each entry must be <version>:<key>`);
        entries.push([Number(m[1]), decodeKey(m[2]!, `${prefix}_KEYS version ${m[1]}`)]);
      }
    }
    const single = env[`${prefix}_KEY`];
    if (single?.trim() && !entries.some(([v]) => v === 1))
      entries.push([1, decodeKey(single, `${prefix}_KEY`)]);
    if (entries.length === 0) {
      throw new KeyringConfigError(
        `no encryption key configured: set ${prefix}_KEY or ${prefix}_KEYS ("2:<key>,1:<key>")`,
      );
    }
    return new Keyring(entries);
  }

  has(version: number): boolean {
    return this.#keys.has(version);
  }

  /** Versions, newest first. */
  get versions(): number[] {
    return [...this.#keys.keys()].sort((a, b) => b - a);
  }

  /** @internal the key bytes of a version, for the cipher modules. */
  key(version: number): Buffer | undefined {
    return this.#keys.get(version);
  }

  toString(): string {
    return `Keyring(versions: ${this.versions.join(', ')}; current: ${this.currentVersion})`;
  }

  toJSON(): string {
    return this.toString();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
