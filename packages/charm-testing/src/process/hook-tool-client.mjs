/* global process, Buffer */
// The fallback hook-tool client for machines without `cc`: the protocol of hook-tool-client.c
// (read it first), in Node. tool-executables.ts prepends the shebang of the running Node.
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { basename } from "node:path";

const fail = (message) => {
  process.stderr.write(`ERROR ${message}\n`);
  process.exit(1);
};

const args = process.argv.slice(2);
const tool = basename(process.argv[1] ?? "");
const address = process.env["JUJU_AGENT_SOCKET_ADDRESS"] ?? "";
const context = process.env["JUJU_CONTEXT_ID"] ?? "";
if (context === "") fail("JUJU_CONTEXT_ID not set");
if (address === "") fail("JUJU_AGENT_SOCKET_ADDRESS not set");

const end = args.indexOf("--");
const options = end === -1 ? args : args.slice(0, end);
const given = options.some((arg, i) => arg === "--file=-" || (arg === "--file" && options[i + 1] === "-"));
const input = given ? readFileSync(0) : Buffer.alloc(0);

const u32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const field = (data) => {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, "utf8");
  return Buffer.concat([u32(bytes.length), bytes]);
};

const socket = connect(address.startsWith("@") ? `\0${address.slice(1)}` : address);
socket.on("error", () => fail("cannot connect to the hook-tool server at JUJU_AGENT_SOCKET_ADDRESS"));
socket.write(
  Buffer.concat([
    u32(4 + args.length),
    field(context),
    field(tool),
    field(given ? "1" : "0"),
    field(input),
    ...args.map(field),
  ]),
);
const chunks = [];
socket.on("data", (chunk) => chunks.push(chunk));
socket.on("end", () => {
  const answer = Buffer.concat(chunks);
  const code = answer.readUInt32LE(0);
  const outLength = answer.readUInt32LE(4);
  const out = answer.subarray(8, 8 + outLength);
  const errLength = answer.readUInt32LE(8 + outLength);
  const err = answer.subarray(12 + outLength, 12 + outLength + errLength);
  process.stdout.write(out, () => process.stderr.write(err, () => process.exit(code)));
});
