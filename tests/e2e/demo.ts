/**
 * The README's demo: the garm-configurator and garm charms run through the state-transition
 * harness against the GARM fake. No Juju controller, Kubernetes or network needed.
 */
import { runDemoScenario } from "./demo-scenario.js";

await runDemoScenario((line) => console.log(line));
