export { DEBUG_SSH_ENDPOINT, tmateStandIn } from "./charm.js";
export { sshFingerprint, sshPublicKeyBlob } from "./fingerprints.js";
