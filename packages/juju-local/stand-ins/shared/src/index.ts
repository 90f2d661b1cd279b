export { ensureOwnedSecret, grantOwnedSecret, removeOwnedSecret } from "./owned-secret.js";
export type { OwnedSecret } from "./owned-secret.js";
export { brokenRelationId, standingRelations } from "./relations.js";
