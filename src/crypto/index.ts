export {
  type Opened,
  openColumns,
  openFernet,
  openPacked,
  packedLike,
  packTagged,
  parseJsonSecret,
  type SecretColumns,
  sealColumns,
  sealFernet,
  sealPacked,
  unpackTagged,
} from './encodings';
export { FernetError, fernetDecrypt, fernetEncrypt } from './fernet';
export { GcmError, type GcmSealed, gcmDecrypt, gcmEncrypt, packGcm, strictBase64url, unpackGcm } from './gcm';
export { Keyring, KeyringConfigError } from './keyring';
export { isKeyring, keyringProblem } from './keyring-argument';
export {
  type BatchRewrite,
  type Resealed,
  type RotationReport,
  rotateInBatches,
  rotateSecrets,
  rotateUnversioned,
  rotationInput,
  updateRows,
} from './rotate';
export { type Sealed, seal, unseal } from './sealed';
