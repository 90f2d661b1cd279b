export { ensureOwnedSecret, grantOwnedSecret, removeOwnedSecret } from "./owned-secret.js";
export type { OwnedSecret } from "./owned-secret.js";
export { brokenRelationId, standingRelations } from "./relations.js";
export { answerAsLeader } from "./provider-pass.js";
export type { Answer, ProviderPass } from "./provider-pass.js";
