// A hook tool of the local model (relation-get, secret-get, ...): forwards its argv and stdin to the
// model's agent socket and replays the answer (stdout, stderr, exit code), as Juju's jujuc does.
// Plain JavaScript with no imports beyond Node, so each call costs little more than Node starting.
import { Buffer } from "node:buffer";
import { connect } from "node:net";
import process from "node:process";
import { basename } from "node:path";

const [, , tool, ...args] = process.argv;
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const request = {
  context: process.env.JUJU_CONTEXT_ID ?? "",
  tool: tool ?? basename(process.argv[1] ?? ""),
  args,
  stdin: chunks.length === 0 ? null : Buffer.concat(chunks).toString("utf8"),
};
const socket = connect(process.env.JUJU_AGENT_SOCKET_ADDRESS ?? "");
socket.on("error", (error) => {
  process.stderr.write(`ERROR cannot reach the local model's agent socket: ${error.code ?? error.message}\n`);
  process.exit(1);
});
socket.end(`${JSON.stringify(request)}\n`);
const parts = [];
socket.on("data", (data) => parts.push(data));
socket.on("end", () => {
  // "<code> <stdout bytes> <stderr bytes>\n" then both streams.
  const reply = Buffer.concat(parts);
  const newline = reply.indexOf(10);
  const [code, out, err] = reply.subarray(0, newline).toString().split(" ").map(Number);
  const stdout = reply.subarray(newline + 1, newline + 1 + out);
  const stderr = reply.subarray(newline + 1 + out, newline + 1 + out + err);
  process.stdout.write(stdout, () => process.stderr.write(stderr, () => process.exit(code)));
});
