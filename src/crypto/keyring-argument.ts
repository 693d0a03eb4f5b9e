import { type Failure, fail } from '../result';
import type { Keyring } from './keyring';

/**
 * True for a Keyring: an integer current version whose key is there. Checked by shape, not
 * `instanceof`, so a Keyring from another copy of this package (its ESM and CJS bundles) passes.
 */
export function isKeyring(value: unknown): value is Keyring {
  const k = value as Partial<Keyring> | null | undefined;
  return (
    typeof k === 'object' &&
    k !== null &&
    Number.isInteger(k.currentVersion) &&
    typeof k.key === 'function' &&
    Buffer.isBuffer(k.key(k.currentVersion!))
  );
}

/**
 * The keyring argument of a repository function is checked like its input: anything but a Keyring
 * is INVALID_INPUT (with `message`), never a TypeError.
 */
export function keyringProblem(
  keyring: unknown,
  message = 'keyring: a Keyring is required',
): Failure<'INVALID_INPUT'> | undefined {
  return isKeyring(keyring) ? undefined : fail('INVALID_INPUT', message);
}
