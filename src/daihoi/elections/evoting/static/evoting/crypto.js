// The encrypted scheme's cryptography in the browser: the JavaScript twin of the server's
// Python package `daihoi.elections.evoting.crypto` (docs/evote-protocol.md, binding; the
// section numbers below are that document's). The group arithmetic, the hashes and the
// AEAD are the noble libraries', vendored in /static/vendor/noble-evote.js (built from
// scripts/vendor/noble); nothing here is a cipher or a curve written by hand.
//
// Conventions. Every point and scalar crosses this module's boundary as 64 lowercase hex
// characters (the 32-byte ristretto255 encoding; the 32-byte little-endian scalar < q).
// Indexes of trustees are 1…n, of selections and contests 0-based (the manifest's order).
// Errors: a `CryptoError` (an Error with `name === "CryptoError"`) whose message names the
// value and the reason in Vietnamese, as the Python side's; `receiveShares` sets
// `error.sender` to the trustee whose share fails. `rng` is optional everywhere: a function
// `n -> Uint8Array(n)`; the default is `crypto.getRandomValues` (tests pass `seededRng`).
//
// Exports (arguments -> result, JSON shapes as in protocol §3–§6):
//   manifestHashes(manifestText, kHex?) -> {base: hex, extended: hex | null}
//       manifestText: the canonical manifest JSON string exactly as the server sent it
//       (hashed as its UTF-8 bytes, never re-serialised); extended is H("extended", Qb, K)
//       when kHex is given.
//   prepareKey(kHex) -> undefined
//       builds the tables of multiples of G and of the joint key now (bench.evote_browser:
//       a few tenths of a second, up to about 1 s with the CPU 4× slower), so the first
//       encryptBallot does not pay for them: call it once when the ballot page loads.
//   encryptBallot(manifest, kHex, qeHex, choices, rng?) -> {ballot, reveal}
//       manifest: the manifest text or its parsed object (only `selections` and
//       `contests` are read); choices: one 0/1 per selection. Throws a CryptoError when
//       the choices break a contest's [min, max] (such a ballot cannot be proved).
//       ballot = {selections: [{alpha, beta, proof: [[c, z], [c, z]]}…],
//                 contests: [{proof: [[c, z]…]}…], tracker: hex}   (the stored form)
//       reveal = {nonces: [hex…], choices: [0|1…]}   (kept only to challenge the ballot)
//   verifyBallot(manifest, kHex, qeHex, ballot) -> undefined   (throws a CryptoError)
//   tracker(qeHex, ballot) -> hex (64 characters; the full SHA-256 tracker of §4)
//   formatTracker(hex) -> "abcd efgh ijkl mnop"   (the first 16 characters, in fours)
//   revealChoices(manifest, kHex, qeHex, ballot, reveal) -> [0|1…]
//       the choices a challenged ballot encrypted, recovered from its nonces (each
//       alpha == r·G and beta − r·K is 0 or G); throws if the ballot does not open to them
//       or to reveal.choices when given.
//   trusteeStart(qbHex, index, k, rng?) -> {secret, record}
//       secret = {index, coefficients: [hex…k], communication: hex}
//           (stays on the device until receiveShares; never sent; the same JSON as the
//           Python TrusteeSecret.to_json)
//       record = {index, commitments: [hex…k], proofs: [[c, v]…k],
//                 communication_key: hex, communication_proof: [c, v]}   (published)
//   verifyTrustee(qbHex, record, k) -> undefined   (throws a CryptoError)
//   sharesFor(qbHex, secret, records, rng?) -> [{from, to, E, nonce, ct}…]
//       one payload for every other trustee of `records` (all n published records; each
//       is verified first), in the order of their indexes.
//   receiveShares(qbHex, secret, payloads, records) -> secretShareHex
//       payloads: those addressed to this trustee (others are ignored); checks each
//       against its sender's commitments and returns s_l = Σ_i P_i(l).
//   jointKey(records) -> hex (K = Σ_i K_i0)
//   publicShare(records, index) -> hex (S_l)
//   decryptionShare(qeHex, index, secretShareHex, records, aggregate, rng?) -> {trustee, shares}
//       aggregate = [{alpha, beta}…] (one per selection, as the server sends it);
//       result = {trustee: l, shares: [{M: hex, proof: [c, z]}…]}; throws if the secret
//       share does not match the trustee's public share (a mistyped recovery sheet).
//   hashToScalar(tag, ...items) -> hex   (H of §1; an item is a Uint8Array (a point's or a
//       scalar's 32 bytes), a string (UTF-8) or a non-negative integer (8 bytes big-endian))
//   seededRng(seed) -> rng   (a repeatable stream, for tests and vectors only; the same
//       bytes as the Python `group.seeded_rng`)
import {
  bytesToHex, bytesToNumberLE, concatBytes, hexToBytes, numberToBytesBE, numberToBytesLE,
  ristretto255, sha256, sha512, utf8ToBytes, xchacha20poly1305,
} from "../vendor/noble-evote.js";

const Point = ristretto255.Point;
const Q = Point.Fn.ORDER;
const G = Point.BASE;
const ZERO = Point.ZERO;
const IDENTITY_HEX = "0".repeat(64);
const DOMAIN = utf8ToBytes("daihoi-evote-v1|");
const HEX64 = /^[0-9a-f]{64}$/;
// The window of the tables of multiples of G and of the joint key: nearly every
// multiplication of a ballot is by one of the two (see proveRange). 8 bits take a few
// tenths of a second to build (prepareKey) and make a 30-name ballot about five times
// faster than no table (bench.evote_browser --window 1).
const WINDOW = 8;

export class CryptoError extends Error {
  constructor(message, sender) {
    super(message);
    this.name = "CryptoError";
    if (sender !== undefined) this.sender = sender;
  }
}

// --- group and encodings (§1) ------------------------------------------------------------
const mod = (a) => { const r = a % Q; return r < 0n ? r + Q : r; };
const scalarBytes = (s) => numberToBytesLE(mod(s), 32);
const scalarHex = (s) => bytesToHex(scalarBytes(s));
const pointHex = (p) => bytesToHex(p.toBytes());

// noble refuses the scalar 0 in `multiply` (as libsodium does): 0·P is the identity here.
// `multiply` for the secret scalars (nonces, coefficients), `multiplyUnsafe` for public ones.
function mulSecret(p, s) {
  s = mod(s);
  return s === 0n || p.is0() ? ZERO : p.multiply(s);
}
function mulPublic(p, s) {
  return p.multiplyUnsafe(mod(s));
}

let baseReady = false;
function base(s) {
  if (!baseReady) { G.precompute(WINDOW, false); baseReady = true; }
  return mulSecret(G, s);
}

function parsePoint(value, what) {
  if (typeof value !== "string" || !HEX64.test(value)) {
    throw new CryptoError(`${what}: không phải 64 ký tự hex thường`);
  }
  if (value === IDENTITY_HEX) return ZERO;
  try {
    return Point.fromHex(value);
  } catch {
    throw new CryptoError(`${what}: không phải một điểm ristretto255 hợp lệ`);
  }
}

function parseScalar(value, what) {
  if (typeof value !== "string" || !HEX64.test(value)) {
    throw new CryptoError(`${what}: không phải 64 ký tự hex thường`);
  }
  const s = bytesToNumberLE(hexToBytes(value));
  if (s >= Q) throw new CryptoError(`${what}: số vô hướng không nhỏ hơn q`);
  return s;
}

// Qb or Qe: a scalar, hashed as its 32 bytes.
const hashBytes = (hex, what) => scalarBytes(parseScalar(hex, what));

// The joint key with its own table of multiples, kept for the page's life.
const keys = new Map();
function keyPoint(kHex) {
  let k = keys.get(kHex);
  if (!k) {
    k = parsePoint(kHex, "khóa công khai");
    if (k.is0()) throw new CryptoError("khóa công khai: điểm đơn vị");
    k.precompute(WINDOW, false);
    keys.set(kHex, k);
  }
  return k;
}

export function prepareKey(kHex) {
  keyPoint(kHex);
  base(1n);
}

function itemBytes(item) {
  if (item instanceof Uint8Array) return item;
  if (typeof item === "string") return utf8ToBytes(item);
  const n = BigInt(item);
  if (n < 0n || n >= 1n << 64n) throw new CryptoError(`không băm được số nguyên ${item}`);
  return numberToBytesBE(n, 8);
}

// H(tag, items…) of §1: SHA-512 over the domain, the tag and every item length-prefixed,
// read little-endian and reduced mod q (libsodium's crypto_core_ristretto255_scalar_reduce).
function hashScalar(tag, ...items) {
  const h = sha512.create();
  h.update(DOMAIN);
  h.update(utf8ToBytes(tag + "|"));
  for (const item of items) {
    const raw = itemBytes(item);
    h.update(numberToBytesBE(raw.length, 4));
    h.update(raw);
  }
  return bytesToNumberLE(h.digest()) % Q;
}

export function hashToScalar(tag, ...items) {
  return scalarHex(hashScalar(tag, ...items));
}

function osRng(n) {
  return crypto.getRandomValues(new Uint8Array(n));
}

// 64 random bytes reduced mod q: uniform to within 2^-250 (the Python side draws alike).
function randomScalar(rng) {
  return bytesToNumberLE(rng(64)) % Q;
}

export function seededRng(seed) {
  const key = typeof seed === "string" ? utf8ToBytes(seed) : seed;
  let counter = 0n;
  let buffer = new Uint8Array(0);
  return (n) => {
    while (buffer.length < n) {
      buffer = concatBytes(buffer, sha512(concatBytes(key, numberToBytesBE(counter, 8))));
      counter += 1n;
    }
    const out = buffer.slice(0, n);
    buffer = buffer.slice(n);
    return out;
  };
}

// --- the manifest (§2) -------------------------------------------------------------------
export function manifestHashes(manifestText, kHex) {
  if (typeof manifestText !== "string") throw new CryptoError("manifest: phải là chuỗi JSON chuẩn");
  const qb = scalarBytes(hashScalar("manifest", utf8ToBytes(manifestText)));
  let extended = null;
  if (kHex !== undefined && kHex !== null) {
    extended = scalarHex(hashScalar("extended", qb, parsePoint(kHex, "khóa công khai").toBytes()));
  }
  return { base: bytesToHex(qb), extended };
}

function layout(manifest) {
  const m = typeof manifest === "string" ? JSON.parse(manifest) : manifest;
  const selections = m.selections;
  if (!Number.isInteger(selections) || selections < 1) {
    throw new CryptoError("manifest: số lựa chọn không hợp lệ");
  }
  if (!Array.isArray(m.contests) || m.contests.length === 0) {
    throw new CryptoError("manifest: danh sách nhóm trống");
  }
  const contests = m.contests.map((c, i) => {
    const ok = Array.isArray(c.indexes) && c.indexes.length > 0 &&
      new Set(c.indexes).size === c.indexes.length &&
      c.indexes.every((j) => Number.isInteger(j) && j >= 0 && j < selections) &&
      Number.isInteger(c.min) && Number.isInteger(c.max) &&
      c.min >= 0 && c.min <= c.max && c.max <= c.indexes.length;
    if (!ok) throw new CryptoError(`manifest: nhóm ${i} không hợp lệ`);
    return { indexes: c.indexes, min: c.min, max: c.max };
  });
  return { selections, contests };
}

// --- range proofs (§4) -------------------------------------------------------------------
// The prover knows A = R·G and B = v·G + R·K, so every simulated commitment is a multiple
// of G or K alone: a_t = z_t·G + c_t·A = (z_t + c_t·R)·G and
// b_t = z_t·K + c_t·(B − t·G) = (z_t + c_t·R)·K + c_t·(v − t)·G. The points are the very ones
// the verifier recomputes; only the way to them is cheaper (fixed bases with tables).
function proveRange(qe, k, aBytes, bBytes, nonce, value, lo, hi, rng) {
  const cs = new Map();
  const zs = new Map();
  const commitments = [];
  let u = 0n;
  for (let t = lo; t <= hi; t++) {
    if (t === value) {
      u = randomScalar(rng);
      commitments.push(base(u).toBytes(), mulSecret(k, u).toBytes());
    } else {
      const c = randomScalar(rng);
      const z = randomScalar(rng);
      cs.set(t, c);
      zs.set(t, z);
      const w = mod(z + c * nonce);
      commitments.push(base(w).toBytes(),
        mulSecret(k, w).add(base(mod(c * BigInt(value - t)))).toBytes());
    }
  }
  const c = hashScalar("range", qe, aBytes, bBytes, lo, hi, ...commitments);
  let cv = c;
  for (const ct of cs.values()) cv -= ct;
  cv = mod(cv);
  cs.set(value, cv);
  zs.set(value, mod(u - cv * nonce));
  const proof = [];
  for (let t = lo; t <= hi; t++) proof.push([scalarHex(cs.get(t)), scalarHex(zs.get(t))]);
  return proof;
}

function checkRange(qe, k, a, b, proof, lo, hi, what) {
  if (!Array.isArray(proof) || proof.length !== hi - lo + 1) {
    throw new CryptoError(`${what}: chứng minh phải có ${hi - lo + 1} cặp`);
  }
  const commitments = [];
  let sum = 0n;
  proof.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw new CryptoError(`${what}: cặp ${i} không hợp lệ`);
    const c = parseScalar(pair[0], `${what}, c[${i}]`);
    const z = parseScalar(pair[1], `${what}, z[${i}]`);
    const t = lo + i;
    sum += c;
    commitments.push(
      mulPublic(G, z).add(mulPublic(a, c)).toBytes(),
      mulPublic(k, z).add(mulPublic(b.subtract(mulPublic(G, BigInt(t))), c)).toBytes());
  });
  const expected = hashScalar("range", qe, a.toBytes(), b.toBytes(), lo, hi, ...commitments);
  if (mod(sum) !== expected) throw new CryptoError(`${what}: chứng minh khoảng [${lo}, ${hi}] không đúng`);
}

// --- ballots (§4) ------------------------------------------------------------------------
export function encryptBallot(manifest, kHex, qeHex, choices, rng = osRng) {
  const { selections, contests } = layout(manifest);
  if (!Array.isArray(choices) || choices.length !== selections ||
      !choices.every((x) => x === 0 || x === 1)) {
    throw new CryptoError(`lựa chọn: phải là ${selections} số 0 hoặc 1`);
  }
  contests.forEach((c, i) => {
    const sum = c.indexes.reduce((s, j) => s + choices[j], 0);
    if (sum < c.min || sum > c.max) {
      throw new CryptoError(`nhóm ${i}: ${sum} dấu, phải trong khoảng [${c.min}, ${c.max}]`);
    }
  });
  const k = keyPoint(kHex);
  const qe = hashBytes(qeHex, "mã băm mở rộng");
  // The draws in the Python side's order (so a seeded run gives the same bytes): every
  // selection's nonce, then every selection's proof, then every contest's proof.
  const nonces = choices.map(() => randomScalar(rng));
  const alphas = [];
  const betas = [];
  const out = [];
  for (let j = 0; j < selections; j++) {
    const r = nonces[j];
    const alpha = base(r);
    const rk = mulSecret(k, r);
    const beta = choices[j] === 1 ? rk.add(G) : rk;
    const aBytes = alpha.toBytes();
    const bBytes = beta.toBytes();
    alphas.push(alpha);
    betas.push(beta);
    out.push({ alpha: bytesToHex(aBytes), beta: bytesToHex(bBytes),
      proof: proveRange(qe, k, aBytes, bBytes, r, choices[j], 0, 1, rng) });
  }
  const contestProofs = contests.map((c) => {
    let a = ZERO;
    let b = ZERO;
    let r = 0n;
    let v = 0;
    for (const j of c.indexes) {
      a = a.add(alphas[j]);
      b = b.add(betas[j]);
      r += nonces[j];
      v += choices[j];
    }
    return { proof: proveRange(qe, k, a.toBytes(), b.toBytes(), mod(r), v, c.min, c.max, rng) };
  });
  const ballot = { selections: out, contests: contestProofs };
  ballot.tracker = tracker(qeHex, ballot);
  return { ballot, reveal: { nonces: nonces.map(scalarHex), choices: [...choices] } };
}

function parseBallot(layoutOf, ballot) {
  if (!ballot || !Array.isArray(ballot.selections) || ballot.selections.length !== layoutOf.selections) {
    throw new CryptoError(`phiếu: phải có ${layoutOf.selections} lựa chọn`);
  }
  if (!Array.isArray(ballot.contests) || ballot.contests.length !== layoutOf.contests.length) {
    throw new CryptoError(`phiếu: phải có ${layoutOf.contests.length} nhóm`);
  }
  return ballot.selections.map((s, j) => ({
    alpha: parsePoint(s && s.alpha, `lựa chọn ${j}, alpha`),
    beta: parsePoint(s && s.beta, `lựa chọn ${j}, beta`),
  }));
}

export function verifyBallot(manifest, kHex, qeHex, ballot) {
  const shape = layout(manifest);
  const k = keyPoint(kHex);
  const qe = hashBytes(qeHex, "mã băm mở rộng");
  const cts = parseBallot(shape, ballot);
  cts.forEach((ct, j) => {
    checkRange(qe, k, ct.alpha, ct.beta, ballot.selections[j].proof, 0, 1, `lựa chọn ${j}`);
  });
  shape.contests.forEach((c, i) => {
    let a = ZERO;
    let b = ZERO;
    for (const j of c.indexes) { a = a.add(cts[j].alpha); b = b.add(cts[j].beta); }
    checkRange(qe, k, a, b, ballot.contests[i] && ballot.contests[i].proof, c.min, c.max, `nhóm ${i}`);
  });
  if (ballot.tracker !== tracker(qeHex, ballot)) throw new CryptoError("phiếu: mã theo dõi không khớp");
}

export function tracker(qeHex, ballot) {
  const h = sha256.create();
  h.update(DOMAIN);
  h.update(utf8ToBytes("tracker|"));
  h.update(hexToBytes(qeHex));
  for (const s of ballot.selections) { h.update(hexToBytes(s.alpha)); h.update(hexToBytes(s.beta)); }
  // The proof scalars: the selections' proofs in order, then the contests' (§4).
  for (const part of [...ballot.selections, ...ballot.contests]) {
    for (const [c, z] of part.proof) { h.update(hexToBytes(c)); h.update(hexToBytes(z)); }
  }
  return bytesToHex(h.digest());
}

export function formatTracker(hex) {
  return hex.slice(0, 16).match(/.{1,4}/g).join(" ");
}

export function revealChoices(manifest, kHex, qeHex, ballot, reveal) {
  const shape = layout(manifest);
  const k = keyPoint(kHex);
  const cts = parseBallot(shape, ballot);
  if (!reveal || !Array.isArray(reveal.nonces) || reveal.nonces.length !== cts.length) {
    throw new CryptoError(`mở phiếu: phải có ${cts.length} số ngẫu nhiên`);
  }
  const choices = cts.map((ct, j) => {
    const r = parseScalar(reveal.nonces[j], `mở phiếu, số ngẫu nhiên ${j}`);
    if (!base(r).equals(ct.alpha)) throw new CryptoError(`lựa chọn ${j}: alpha không ứng với số ngẫu nhiên`);
    const m = ct.beta.subtract(mulSecret(k, r));
    if (m.is0()) return 0;
    if (m.equals(G)) return 1;
    throw new CryptoError(`lựa chọn ${j}: beta không mã hóa 0 hay 1`);
  });
  if (reveal.choices !== undefined &&
      (reveal.choices.length !== choices.length || reveal.choices.some((x, j) => x !== choices[j]))) {
    throw new CryptoError("mở phiếu: lựa chọn công bố khác lựa chọn đã mã hóa");
  }
  return choices;
}

// --- key ceremony (§3) -------------------------------------------------------------------
function schnorrProve(tag, qb, prefix, secret, commitment, rng) {
  const u = randomScalar(rng);
  const c = hashScalar(tag, qb, ...prefix, commitment.toBytes(), base(u).toBytes());
  return [scalarHex(c), scalarHex(mod(u - c * secret))];
}

function schnorrCheck(tag, qb, prefix, commitment, proof, what) {
  if (!Array.isArray(proof) || proof.length !== 2) {
    throw new CryptoError(`${what}: chứng minh phải là cặp (c, v)`);
  }
  const c = parseScalar(proof[0], `${what}, c`);
  const v = parseScalar(proof[1], `${what}, v`);
  const h = mulPublic(G, v).add(mulPublic(commitment, c));
  if (hashScalar(tag, qb, ...prefix, commitment.toBytes(), h.toBytes()) !== c) {
    throw new CryptoError(`${what}: chứng minh không đúng`);
  }
}

export function trusteeStart(qbHex, index, k, rng = osRng) {
  const qb = hashBytes(qbHex, "mã băm cơ sở");
  if (!Number.isInteger(index) || index < 1) throw new CryptoError("thành viên: số thứ tự phải từ 1");
  if (!Number.isInteger(k) || k < 1) throw new CryptoError("ngưỡng: phải từ 1");
  // Drawn in the Python side's order: the coefficients, zeta, then the proofs' nonces.
  const coefficients = Array.from({ length: k }, () => randomScalar(rng));
  const zeta = randomScalar(rng);
  const commitments = coefficients.map(base);
  const proofs = coefficients.map((a, j) =>
    schnorrProve("coefficient", qb, [index, j], a, commitments[j], rng));
  const z = base(zeta);
  const record = {
    index,
    commitments: commitments.map(pointHex),
    proofs,
    communication_key: pointHex(z),
    communication_proof: schnorrProve("communication", qb, [index], zeta, z, rng),
  };
  const secret = { index, coefficients: coefficients.map(scalarHex), communication: scalarHex(zeta) };
  return { secret, record };
}

function parseRecord(qb, record, k) {
  const what = `thành viên ${record && record.index}`;
  if (!record || !Number.isInteger(record.index) || record.index < 1) {
    throw new CryptoError("thành viên: số thứ tự không hợp lệ");
  }
  if (!Array.isArray(record.commitments) || record.commitments.length !== k ||
      !Array.isArray(record.proofs) || record.proofs.length !== k) {
    throw new CryptoError(`${what}: phải có ${k} cam kết và ${k} chứng minh`);
  }
  const commitments = record.commitments.map((h, j) => parsePoint(h, `${what}, cam kết ${j}`));
  if (commitments.some((p) => p.is0())) throw new CryptoError(`${what}: cam kết là điểm đơn vị`);
  commitments.forEach((kij, j) => {
    schnorrCheck("coefficient", qb, [record.index, j], kij, record.proofs[j], `${what}, cam kết ${j}`);
  });
  const z = parsePoint(record.communication_key, `${what}, khóa liên lạc`);
  if (z.is0()) throw new CryptoError(`${what}: khóa liên lạc là điểm đơn vị`);
  schnorrCheck("communication", qb, [record.index], z, record.communication_proof, `${what}, khóa liên lạc`);
  return { index: record.index, commitments, z };
}

export function verifyTrustee(qbHex, record, k) {
  parseRecord(hashBytes(qbHex, "mã băm cơ sở"), record, k);
}

function distinct(records) {
  if (!Array.isArray(records) || records.length === 0) throw new CryptoError("thành viên: danh sách trống");
  const seen = new Set();
  for (const r of records) {
    if (seen.has(r.index)) throw new CryptoError(`thành viên ${r.index}: công bố hai lần`);
    seen.add(r.index);
  }
  return records;
}

// Every published record, its proofs checked: a share goes only to a proven key.
function parseRecords(qb, records, k) {
  return distinct(records.map((r) => parseRecord(qb, r, k)));
}

// P_i(l) = Σ_j a_ij·l^j mod q.
function evaluate(coefficients, l) {
  let value = 0n;
  let power = 1n;
  for (const a of coefficients) {
    value = mod(value + a * power);
    power = mod(power * BigInt(l));
  }
  return value;
}

// Σ_j l^j·K_ij: what P_i(l)·G must be.
function committedAt(commitments, l) {
  let total = ZERO;
  let power = 1n;
  for (const kij of commitments) {
    total = total.add(mulPublic(kij, power));
    power = mod(power * BigInt(l));
  }
  return total;
}

function shareKey(qb, e, zl, d) {
  return sha512(concatBytes(DOMAIN, utf8ToBytes("share|"), qb, e, zl, d)).slice(0, 32);
}

function shareAd(qb, from, to) {
  return concatBytes(DOMAIN, utf8ToBytes("share|"), numberToBytesBE(from, 8), numberToBytesBE(to, 8), qb);
}

function secretOf(secret) {
  return {
    index: secret.index,
    coefficients: secret.coefficients.map((h, j) => parseScalar(h, `bí mật, hệ số ${j}`)),
    zeta: parseScalar(secret.communication, "bí mật, khóa liên lạc"),
  };
}

export function sharesFor(qbHex, secret, records, rng = osRng) {
  const qb = hashBytes(qbHex, "mã băm cơ sở");
  const own = secretOf(secret);
  const parsed = parseRecords(qb, records, own.coefficients.length);
  if (!parsed.some((r) => r.index === own.index)) {
    throw new CryptoError(`thành viên ${own.index}: chưa công bố hồ sơ`);
  }
  const others = parsed.filter((r) => r.index !== own.index).sort((x, y) => x.index - y.index);
  return others.map((r) => {
    const p = evaluate(own.coefficients, r.index);
    const e = randomScalar(rng);
    const eBytes = base(e).toBytes();
    const zl = r.z.toBytes();
    const key = shareKey(qb, eBytes, zl, mulSecret(r.z, e).toBytes());
    const nonce = rng(24);
    const ct = xchacha20poly1305(key, nonce, shareAd(qb, own.index, r.index)).encrypt(scalarBytes(p));
    return { from: own.index, to: r.index, E: bytesToHex(eBytes), nonce: bytesToHex(nonce),
      ct: bytesToHex(ct) };
  });
}

export function receiveShares(qbHex, secret, payloads, records) {
  const qb = hashBytes(qbHex, "mã băm cơ sở");
  const own = secretOf(secret);
  const l = own.index;
  const parsed = parseRecords(qb, records, own.coefficients.length);
  const mine = parsed.find((r) => r.index === l);
  if (!mine || !base(own.zeta).equals(mine.z)) {
    throw new CryptoError(`thành viên ${l}: bí mật không ứng với hồ sơ đã công bố`);
  }
  const zl = mine.z.toBytes();
  let total = evaluate(own.coefficients, l);
  for (const sender of parsed) {
    if (sender.index === l) continue;
    const i = sender.index;
    const sent = payloads.filter((p) => p.from === i && p.to === l);
    if (sent.length !== 1) {
      throw new CryptoError(`thành viên ${i}: ${sent.length ? "gửi hai lần" : "chưa gửi phần chia"}`, i);
    }
    const payload = sent[0];
    let p;
    try {
      const e = parsePoint(payload.E, `thành viên ${i}, E`);
      const nonce = hexToBytes(payload.nonce);
      if (nonce.length !== 24) throw new CryptoError(`thành viên ${i}: nonce phải dài 24 byte`, i);
      const key = shareKey(qb, e.toBytes(), zl, mulSecret(e, own.zeta).toBytes());
      let plain;
      try {
        plain = xchacha20poly1305(key, nonce, shareAd(qb, i, l)).decrypt(hexToBytes(payload.ct));
      } catch {
        throw new CryptoError(`thành viên ${i}: phần chia không giải mã được`, i);
      }
      if (plain.length !== 32) throw new CryptoError(`thành viên ${i}: phần chia không dài 32 byte`, i);
      p = parseScalar(bytesToHex(plain), `thành viên ${i}, phần chia`);
    } catch (error) {
      if (error instanceof CryptoError) { error.sender = i; throw error; }
      throw new CryptoError(`thành viên ${i}: phần chia không hợp lệ (${error.message})`, i);
    }
    if (!base(p).equals(committedAt(sender.commitments, l))) {
      throw new CryptoError(`thành viên ${i}: phần chia không khớp các cam kết đã công bố`, i);
    }
    total = mod(total + p);
  }
  return scalarHex(total);
}

// The commitments alone (K and S_l are computed by anyone from the board; the proofs were
// checked when each record was published).
function parseRecordsUnchecked(records) {
  return distinct(records).map((r) => ({
    index: r.index,
    commitments: r.commitments.map((h, j) => parsePoint(h, `thành viên ${r.index}, cam kết ${j}`)),
  }));
}

export function jointKey(records) {
  return pointHex(parseRecordsUnchecked(records).reduce((s, r) => s.add(r.commitments[0]), ZERO));
}

function publicSharePoint(parsed, index) {
  return parsed.reduce((s, r) => s.add(committedAt(r.commitments, index)), ZERO);
}

export function publicShare(records, index) {
  return pointHex(publicSharePoint(parseRecordsUnchecked(records), index));
}

// --- the count (§5) ----------------------------------------------------------------------
export function decryptionShare(qeHex, index, secretShareHex, records, aggregate, rng = osRng) {
  const qe = hashBytes(qeHex, "mã băm mở rộng");
  const s = parseScalar(secretShareHex, "phần khóa bí mật");
  const parsed = parseRecordsUnchecked(records);
  if (!parsed.some((r) => r.index === index)) {
    throw new CryptoError(`thành viên ${index}: không có trong danh sách`);
  }
  const sl = publicSharePoint(parsed, index);
  if (!base(s).equals(sl)) {
    throw new CryptoError(`thành viên ${index}: phần khóa bí mật không ứng với phần khóa công khai`);
  }
  const slBytes = sl.toBytes();
  const shares = aggregate.map((entry, j) => {
    const a = parsePoint(entry.alpha, `tổng ${j}, alpha`);
    const b = parsePoint(entry.beta, `tổng ${j}, beta`);
    const m = mulSecret(a, s);
    const u = randomScalar(rng);
    const c = hashScalar("decrypt", qe, index, j, a.toBytes(), b.toBytes(), slBytes, m.toBytes(),
      base(u).toBytes(), mulSecret(a, u).toBytes());
    return { M: pointHex(m), proof: [scalarHex(c), scalarHex(mod(u - c * s))] };
  });
  return { trustee: index, shares };
}
