// The pieces of the noble libraries that evoting/crypto.js uses (protocol §1): the
// ristretto255 group (RFC 9496) with its scalar field, SHA-512 / SHA-256 and
// XChaCha20-Poly1305. esbuild bundles them into one ES module, committed as
// src/daihoi/core/static/vendor/noble-evote.js (`npm ci && npm run build`).
export { ristretto255 } from "@noble/curves/ed25519.js";
export { bytesToNumberLE, numberToBytesLE, numberToBytesBE } from "@noble/curves/utils.js";
export { sha256, sha512 } from "@noble/hashes/sha2.js";
export { bytesToHex, hexToBytes, concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
export { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
