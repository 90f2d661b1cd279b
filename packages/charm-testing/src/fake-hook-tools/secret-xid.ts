/**
 * Secret ids minted the way Juju mints them: an xid (12 bytes: seconds, machine and process
 * identity, a counter) in lower-case base32hex, 20 characters. Juju's ids are unique in a model
 * because the process identity and counter are, not because of the model uuid; here every FakeModel
 * in the process shares one random identity and one counter, so two charms run with the same model
 * uuid (two configurators in one scenario) never mint the same id.
 */
import { randomBytes } from "node:crypto";

const BASE32HEX = "0123456789abcdefghijklmnopqrstuv";
const PROCESS_IDENTITY = randomBytes(5);
const COUNTER_LIMIT = 0x1000000;
let counter = randomBytes(3).readUIntBE(0, 3);

export function mintXid(now: Date = new Date()): string {
  counter = (counter + 1) % COUNTER_LIMIT;
  const id = Buffer.alloc(12);
  id.writeUInt32BE(Math.floor(now.getTime() / 1000) >>> 0, 0);
  PROCESS_IDENTITY.copy(id, 4);
  id.writeUIntBE(counter, 9, 3);
  return encodeBase32Hex(id);
}

/** 96 bits as 20 five-bit digits, most significant first, the last digit padded with zeros. */
function encodeBase32Hex(id: Buffer): string {
  let bits = BigInt(`0x${id.toString("hex")}`) << 4n;
  let out = "";
  for (let i = 0; i < 20; i++) {
    out = `${BASE32HEX[Number(bits & 31n)] ?? "0"}${out}`;
    bits >>= 5n;
  }
  return out;
}
