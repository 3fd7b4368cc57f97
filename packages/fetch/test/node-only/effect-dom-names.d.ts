// effect 4.1's own `crypto/*.d.ts` (reached through @faultline/core's imports of effect's types) name
// two DOM-only types that Node's globals lack: `CryptoKey` (Node has it only as a value) and
// `JsonWebKey`. Any Node-only project with skipLibCheck: false meets those two errors, ours or not;
// this file declares them so the check covers everything else. Our own declarations use neither.
interface CryptoKey {
  readonly type: string;
}
interface JsonWebKey {
  readonly kty?: string;
}
