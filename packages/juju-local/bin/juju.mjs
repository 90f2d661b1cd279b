#!/usr/bin/env node
// The package is TypeScript run in place (as everywhere in this repository): load tsx, then the CLI.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
