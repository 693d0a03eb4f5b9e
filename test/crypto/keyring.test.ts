// Keyring configuration: every KeyringConfigError message (they are part of the API: operators
// read them), the <PREFIX>_KEYS / <PREFIX>_KEY syntax with whitespace and the precedence rule,
// version order, and that no rendering of a keyring shows key bytes.
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Keyring, KeyringConfigError } from '../../src/crypto';

/** The value `fn` throws; fails the test when it returns instead. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, but it returned');
}

/** `fn` throws a KeyringConfigError (class and `name`) with exactly this message. */
function expectConfigError(fn: () => unknown, message: string): void {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(KeyringConfigError);
  expect(error).toMatchObject({ name: 'KeyringConfigError', message });
}

const bytes = [randomBytes(32), randomBytes(32), randomBytes(32), randomBytes(32)] as const;
const [b1, b2, b3, b12] = bytes;
const [k1, k2, k3, k12] = bytes.map((b) => b.toString('base64url')) as [string, string, string, string];

describe('Keyring constructor', () => {
  it('rejects versions that are not integers ≥ 1', () => {
    for (const v of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectConfigError(() => new Keyring([[v, b1]]), `key version ${v}: must be an integer ≥ 1`);
    }
  });

  it('rejects a version given twice', () => {
    expectConfigError(
      () =>
        new Keyring([
          [2, b1],
          [2, b2],
        ]),
      'key version 2 given twice',
    );
  });

  it('rejects key bytes of 31 or 33 bytes', () => {
    for (const key of [b1.subarray(0, 31), Buffer.concat([b1, Buffer.from([0])]), Buffer.alloc(0)]) {
      expectConfigError(() => new Keyring([[1, key]]), 'key version 1: must be 32 bytes');
    }
  });

  it('rejects key text that is not base64 or not 32 bytes, naming the version and never the key', () => {
    expectConfigError(
      () => new Keyring([[3, 'c2hvcnQ']]),
      'key version 3: a key must be 32 bytes of URL-safe base64 (got 5 bytes)',
    );
    expectConfigError(
      () => new Keyring([[4, `${k1}AAAA`]]),
      'key version 4: a key must be 32 bytes of URL-safe base64 (got 35 bytes)',
    );
    // Characters Node's base64 decoder would silently skip are refused before decoding.
    for (const text of [`!${k1}`, `${k1}!`, `${k1.slice(0, 20)} ${k1.slice(20)}`, `${k1}=x`, `=${k1}`]) {
      expectConfigError(() => new Keyring([[5, text]]), 'key version 5: not base64');
    }
  });

  it('accepts the URL-safe and the standard alphabet, padded or not, with surrounding whitespace', () => {
    const standard = b1.toString('base64');
    for (const text of [k1, `${k1}=`, standard, ` ${k1}\n`, `\t${standard} `]) {
      expect(new Keyring([[1, text]]).key(1)).toEqual(b1);
    }
  });

  it('rejects an empty keyring', () => {
    expectConfigError(() => new Keyring([]), 'the keyring has no keys');
  });

  it('copies key bytes, so changing the caller’s buffer does not change the key', () => {
    const mine = Buffer.from(b1);
    const ring = new Keyring([[1, mine]]);
    mine.fill(0);
    expect(ring.key(1)).toEqual(b1);
  });
});

describe('versions', () => {
  const ring = new Keyring([
    [1, b1],
    [10, b12],
    [3, b3],
    [2, b2],
  ]);

  it('lists versions newest first, numerically; the highest is current', () => {
    expect(ring.versions).toEqual([10, 3, 2, 1]);
    expect(ring.currentVersion).toBe(10);
    expect(
      new Keyring([
        [1, b1],
        [3, b3],
        [2, b2],
      ]).versions,
    ).toEqual([3, 2, 1]);
  });

  it('has / key answer per version', () => {
    expect([0, 1, 2, 3, 4, 10].map((v) => ring.has(v))).toEqual([false, true, true, true, false, true]);
    expect(ring.key(3)).toEqual(b3);
    expect(ring.key(4)).toBeUndefined();
  });

  it('toString, JSON and inspect show versions only, never key bytes', () => {
    const text = 'Keyring(versions: 10, 3, 2, 1; current: 10)';
    expect(String(ring)).toBe(text);
    expect(JSON.stringify({ ring })).toBe(JSON.stringify({ ring: text }));
    expect(inspect(ring)).toBe(text);
    expect(inspect({ ring }, { depth: 5, showHidden: true })).toBe(`{ ring: ${text} }`);
    expect(`${new Keyring([[7, b1]])}`).toBe('Keyring(versions: 7; current: 7)');
  });
});

describe('Keyring.fromEnv', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('defaults to the TENANT_ENCRYPTION prefix and process.env', () => {
    expect(Keyring.fromEnv(undefined, { TENANT_ENCRYPTION_KEY: k1 }).key(1)).toEqual(b1);
    vi.stubEnv('TENANT_ENCRYPTION_KEYS', `2:${k2}`);
    vi.stubEnv('TENANT_ENCRYPTION_KEY', '');
    const ring = Keyring.fromEnv();
    expect(ring.versions).toEqual([2]);
    expect(ring.key(2)).toEqual(b2);
  });

  it('parses <PREFIX>_KEYS with whitespace around versions, colons, keys and entries', () => {
    const ring = Keyring.fromEnv('APP', { APP_KEYS: ` 12 : ${k12} ,\t3:${k3}\n, 1 :${k1} ` });
    expect(ring.versions).toEqual([12, 3, 1]);
    expect(ring.key(12)).toEqual(b12);
    expect(ring.key(3)).toEqual(b3);
    expect(ring.key(1)).toEqual(b1);
  });

  it('rejects malformed <PREFIX>_KEYS entries with one message that shows no key', () => {
    const message = 'APP_KEYS: each entry must be <version>:<key>';
    for (const list of [
      `x2:${k2}`,
      `2:${k2} junk`,
      `2 ${k2}`,
      `2:`,
      `:${k2}`,
      `-2:${k2}`,
      `2.5:${k2}`,
      `2:${k2},`,
      `2:${k2},,1:${k1}`,
    ]) {
      expectConfigError(() => Keyring.fromEnv('APP', { APP_KEYS: list }), message);
    }
  });

  it('names the variable and version of a bad key in <PREFIX>_KEYS', () => {
    expectConfigError(
      () => Keyring.fromEnv('APP', { APP_KEYS: `2:${k2},1:c2hvcnQ` }),
      'APP_KEYS version 1: a key must be 32 bytes of URL-safe base64 (got 5 bytes)',
    );
    expectConfigError(
      () => Keyring.fromEnv('APP', { APP_KEYS: `2:sh!rt` }),
      'APP_KEYS version 2: not base64',
    );
    expectConfigError(
      () => Keyring.fromEnv('APP', { APP_KEYS: `1:${k1},1:${k2}` }),
      'key version 1 given twice',
    );
    expectConfigError(
      () => Keyring.fromEnv('APP', { APP_KEYS: `0:${k1}` }),
      'key version 0: must be an integer ≥ 1',
    );
  });

  it('reads <PREFIX>_KEY as version 1, trimmed, and names it when it is wrong', () => {
    const ring = Keyring.fromEnv('APP', { APP_KEY: `  ${k1}=\n` });
    expect(ring.versions).toEqual([1]);
    expect(ring.key(1)).toEqual(b1);
    expectConfigError(() => Keyring.fromEnv('APP', { APP_KEY: `${k1}!` }), 'APP_KEY: not base64');
    expectConfigError(
      () => Keyring.fromEnv('APP', { APP_KEY: 'c2hvcnQ' }),
      'APP_KEY: a key must be 32 bytes of URL-safe base64 (got 5 bytes)',
    );
  });

  it('combines both variables; a version 1 in <PREFIX>_KEYS wins over <PREFIX>_KEY', () => {
    const both = Keyring.fromEnv('APP', { APP_KEYS: `2:${k2}`, APP_KEY: k1 });
    expect(both.versions).toEqual([2, 1]);
    expect(both.key(1)).toEqual(b1);
    const listed = Keyring.fromEnv('APP', { APP_KEYS: `2:${k2},1:${k3}`, APP_KEY: k1 });
    expect(listed.versions).toEqual([2, 1]);
    expect(listed.key(1)).toEqual(b3);
    // Even a malformed <PREFIX>_KEY is not read when <PREFIX>_KEYS has version 1.
    expect(Keyring.fromEnv('APP', { APP_KEYS: `1:${k3}`, APP_KEY: 'not a key!' }).key(1)).toEqual(b3);
  });

  it('treats empty or whitespace-only variables as unset', () => {
    expect(Keyring.fromEnv('APP', { APP_KEYS: ' \t ', APP_KEY: k1 }).versions).toEqual([1]);
    expect(Keyring.fromEnv('APP', { APP_KEYS: `2:${k2}`, APP_KEY: '  \n' }).versions).toEqual([2]);
    const missing = 'no encryption key configured: set APP_KEY or APP_KEYS ("2:<key>,1:<key>")';
    expectConfigError(() => Keyring.fromEnv('APP', {}), missing);
    expectConfigError(() => Keyring.fromEnv('APP', { APP_KEYS: '', APP_KEY: '' }), missing);
    expectConfigError(() => Keyring.fromEnv('APP', { APP_KEYS: '  ', APP_KEY: '\t' }), missing);
    // Another prefix's variables are not read.
    expectConfigError(
      () => Keyring.fromEnv('OTHER', { APP_KEY: k1 }),
      'no encryption key configured: set OTHER_KEY or OTHER_KEYS ("2:<key>,1:<key>")',
    );
  });

  it('never puts key text into an error message', () => {
    const secretish = `${k1.slice(0, 30)}`; // decodes, but to 22 bytes
    const errors = [
      thrown(() => Keyring.fromEnv('APP', { APP_KEY: secretish })),
      thrown(() => Keyring.fromEnv('APP', { APP_KEYS: `2:${secretish}` })),
      thrown(() => Keyring.fromEnv('APP', { APP_KEYS: `2 ${secretish}` })),
      thrown(() => new Keyring([[2, secretish]])),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(KeyringConfigError);
      expect(String(error)).not.toContain(secretish);
      expect(String(error)).not.toContain(secretish.slice(0, 8));
    }
  });
});
