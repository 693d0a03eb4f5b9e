export { FernetError, fernetDecrypt, fernetEncrypt } from './fernet';
export { GcmError, type GcmSealed, gcmDecrypt, gcmEncrypt, packGcm, strictBase64url, unpackGcm } from './gcm';
export { Keyring, KeyringConfigError } from './keyring';
export { type RotationReport, rotateInBatches } from './rotate';
export { type Sealed, seal, unseal } from './sealed';
