/**
 * How the charm names and marks the GARM objects it creates, and how it recognises them again.
 *
 * - Credentials: name `app-<app id>-<installation id>`, description `Managed by garm` followed by
 *   `; key sha256:<16 hex>`, a fingerprint of the private key. GARM never returns the key, so the
 *   fingerprint is how a rotated key is noticed. The bare `Managed by garm` of the Python charm is
 *   adopted (and gets the key pushed once).
 * - Organisations and repositories have no description: one is the charm's when its credentials
 *   are the charm's (GARM refuses to delete credentials still in use, so the link holds).
 * - Templates: `github_linux_charmed` and `github_linux-<scaleset>`, description starting with
 *   `Managed by the garm charm` and ending in `content sha256:<16 hex>` of the script, so a
 *   changed rendering is seen without fetching every template body.
 * - Scale sets have no description either: one is the charm's when its template is one of the
 *   charm's templates. The charm creates every scale set with such a template and never points one
 *   elsewhere, and nobody else has a reason to use them.
 */
import { createHash } from "node:crypto";
import type { Template } from "@garm-charms/garm-client";

export const CREDENTIAL_DESCRIPTION_PREFIX = "Managed by garm";
export const TEMPLATE_DESCRIPTION_PREFIX = "Managed by the garm charm";
export const SYSTEM_TEMPLATE_NAME = "github_linux";
export const CHARMED_TEMPLATE_NAME = "github_linux_charmed";
export const SCALESET_TEMPLATE_PREFIX = "github_linux-";
export const GITHUB_ENDPOINT = "github.com";

/** Descriptions the Python charm gave its templates: adopted as the charm's own. */
const LEGACY_TEMPLATE_DESCRIPTIONS = ["Charmed GitHub Linux template managed by the GARM charm"];
const LEGACY_SCALESET_TEMPLATE_DESCRIPTION = /^Runner template for scaleset /u;

const FINGERPRINT_LENGTH = 16;

function shortSha256(domain: string, text: string): string {
  return createHash("sha256")
    .update(domain)
    .update("\0")
    .update(text)
    .digest("hex")
    .slice(0, FINGERPRINT_LENGTH);
}

export function credentialName(appId: number, installationId: number): string {
  return `app-${appId}-${installationId}`;
}

export function scalesetTemplateName(scalesetName: string): string {
  return `${SCALESET_TEMPLATE_PREFIX}${scalesetName}`;
}

/** A one-way, truncated fingerprint: enough to notice a rotation, useless for recovering the key. */
export function privateKeyFingerprint(privateKeyPem: string): string {
  return shortSha256("garm-charm github app key", privateKeyPem);
}

export function credentialDescription(keyFingerprint: string): string {
  return `${CREDENTIAL_DESCRIPTION_PREFIX}; key sha256:${keyFingerprint}`;
}

export function isOwnedCredentialDescription(description: string): boolean {
  return (
    description === CREDENTIAL_DESCRIPTION_PREFIX ||
    description.startsWith(`${CREDENTIAL_DESCRIPTION_PREFIX}; key sha256:`)
  );
}

export function templateContentFingerprint(script: string): string {
  return shortSha256("garm-charm runner template", script);
}

export function templateDescription(purpose: string, script: string): string {
  return `${TEMPLATE_DESCRIPTION_PREFIX}: ${purpose} (content sha256:${templateContentFingerprint(script)})`;
}

export function isOwnedTemplateDescription(description: string): boolean {
  return (
    description.startsWith(TEMPLATE_DESCRIPTION_PREFIX) ||
    LEGACY_TEMPLATE_DESCRIPTIONS.includes(description) ||
    LEGACY_SCALESET_TEMPLATE_DESCRIPTION.test(description)
  );
}

/** Whether the description says the template holds exactly `script` (false for legacy ones). */
export function templateDescriptionMatches(description: string, script: string): boolean {
  return description.endsWith(`(content sha256:${templateContentFingerprint(script)})`);
}

export function isCharmTemplateName(name: string): boolean {
  return name === CHARMED_TEMPLATE_NAME || name.startsWith(SCALESET_TEMPLATE_PREFIX);
}

/** One of the charm's templates in GARM: not GARM's own, a charm name and a charm description. */
export function isCharmTemplate(template: Pick<Template, "isSystem" | "name" | "description">): boolean {
  return (
    !template.isSystem &&
    isCharmTemplateName(template.name) &&
    isOwnedTemplateDescription(template.description)
  );
}
