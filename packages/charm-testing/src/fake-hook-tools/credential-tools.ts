/**
 * `credential-get`: the cloud credential of a trusted application, from `State.cloudSpec`. An
 * application that was not given `juju trust` is refused with a permission error.
 */
import { rejectExtraArgs } from "./argv.js";
import { PERMISSION_DENIED, runError } from "./errors.js";
import { FORMAT_OPTION, outputFormat, render } from "./format.js";
import type { FakeTool } from "./tool.js";

const credentialGet: FakeTool = {
  options: [FORMAT_OPTION],
  run({ model, args }) {
    rejectExtraArgs(args.positionals);
    const spec = model.input.cloudSpec;
    if (spec === undefined) throw runError(`${PERMISSION_DENIED}: the application is not trusted`);
    return { stdout: render(spec, outputFormat(args, "yaml")) };
  },
};

export const credentialTools: Readonly<Record<string, FakeTool>> = { "credential-get": credentialGet };
