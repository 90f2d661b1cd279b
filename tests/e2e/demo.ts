/**
 * The README's demo: runs a charm through the state-transition harness and prints what each hook
 * changed. No Juju controller, Kubernetes or network needed.
 */
import { runExampleDemo } from "@garm-charms/charm-testing";

await runExampleDemo((line) => console.log(line));
