export { IMAGE_ENDPOINT, imageBuilderStandIn } from "./charm.js";
