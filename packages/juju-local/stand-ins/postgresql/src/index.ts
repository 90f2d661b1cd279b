export { DATABASE_ENDPOINT, postgresqlStandIn, secretLabel } from "./charm.js";
