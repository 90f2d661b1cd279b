/**
 * Secret handles: what `ctx.addSecret` and `ctx.getSecret` return. A handle knows its id and/or
 * label; operations that need an id resolve it from the label with secret-info-get. Ids are compared
 * on the bare id, since Juju prints both `secret:<id>` and `secret://<model-uuid>/<id>`.
 */
import { CharmRuntimeError } from "../errors.js";
import {
  bareSecretId,
  secretGet,
  secretGrant,
  secretInfoGet,
  secretRemove,
  secretRevoke,
  secretSet,
} from "../hook-tools/secrets.js";
import type { SecretInfo, SecretMetadata, SecretOwner } from "../hook-tools/secrets.js";
import type { HookToolSession } from "../hook-tools/session.js";

/** A relation or its id, for grants. */
export type RelationTarget = number | { readonly id: number };

/** ops' canonical form: a bare id becomes `secret://<model-uuid>/<id>`; URIs pass through. */
export function canonicalSecretId(id: string, modelUuid: string): string {
  return id.startsWith("secret:") ? id : `secret://${modelUuid}/${id}`;
}

export function sameSecret(a: string, b: string): boolean {
  return bareSecretId(a) === bareSecretId(b);
}

export interface GetContentOptions {
  /** Start tracking the latest revision and return it. */
  readonly refresh?: boolean;
  /** Return the latest revision without tracking it. */
  readonly peek?: boolean;
}

export class Secret {
  #id: string | undefined;
  #label: string | undefined;

  constructor(
    private readonly session: HookToolSession,
    private readonly modelUuid: string,
    handle: { readonly id?: string | undefined; readonly label?: string | undefined },
    /** Known for secrets this charm added; secret-set's `--owner` (Juju ignores it) otherwise defaults. */
    private readonly owner?: SecretOwner,
  ) {
    this.#id = handle.id === undefined ? undefined : canonicalSecretId(handle.id, modelUuid);
    this.#label = handle.label;
  }

  get id(): string | undefined {
    return this.#id;
  }

  get label(): string | undefined {
    return this.#label;
  }

  /** True when `id` names this secret (compared on the bare id). */
  is(id: string): boolean {
    return this.#id !== undefined && sameSecret(this.#id, id);
  }

  async getContent(options: GetContentOptions = {}): Promise<Record<string, string>> {
    if (options.refresh === true && options.peek === true) {
      throw new CharmRuntimeError("getContent: refresh and peek cannot be combined");
    }
    const mode = options.refresh === true ? "refresh" : options.peek === true ? "peek" : "tracked";
    return secretGet(
      this.session,
      { id: this.#id, label: this.#id === undefined ? this.#label : undefined },
      mode,
    );
  }

  /** Publishes `content` as a new revision. */
  async setContent(content: Readonly<Record<string, string>>): Promise<void> {
    const id = await this.resolveId();
    await secretSet(this.session, id, { owner: this.owner ?? "application", content }, this.#label);
  }

  /** Changes metadata only (no new revision). */
  async setInfo(meta: SecretMetadata): Promise<void> {
    if (
      meta.label === undefined &&
      meta.description === undefined &&
      meta.expire === undefined &&
      meta.rotate === undefined
    ) {
      throw new CharmRuntimeError("setInfo needs at least one of label, description, expire, rotate");
    }
    const id = await this.resolveId();
    await secretSet(this.session, id, { ...meta, owner: this.owner ?? "application" }, this.#label);
    if (meta.label !== undefined) this.#label = meta.label;
  }

  async grant(relation: RelationTarget, unit?: string): Promise<void> {
    const id = await this.resolveId();
    await secretGrant(this.session, id, relationIdOf(relation), unit, this.#label);
  }

  async revoke(relation: RelationTarget, unit?: string): Promise<void> {
    const id = await this.resolveId();
    await secretRevoke(this.session, id, relationIdOf(relation), unit, this.#label);
  }

  async removeRevision(revision: number): Promise<void> {
    await secretRemove(this.session, await this.resolveId(), revision, this.#label);
  }

  async removeAll(): Promise<void> {
    await secretRemove(this.session, await this.resolveId(), undefined, this.#label);
  }

  /**
   * Whether application `app` can already read this secret (owner only): the secret's metadata
   * lists a grant to it. Lets a charm skip a grant it made in an earlier hook.
   */
  async isGrantedTo(app: string): Promise<boolean> {
    const { access } = await this.info();
    return access.some((grant) => grant.target === `application-${app}`);
  }

  /** Metadata (owner only): revision, label, rotation, expiry, access. */
  info(): Promise<SecretInfo> {
    return secretInfoGet(this.session, this.#id !== undefined ? { id: this.#id } : { label: this.#label });
  }

  private async resolveId(): Promise<string> {
    if (this.#id === undefined) {
      const info = await secretInfoGet(this.session, { label: this.#label });
      this.#id = canonicalSecretId(info.id, this.modelUuid);
    }
    return this.#id;
  }
}

function relationIdOf(relation: RelationTarget): number {
  return typeof relation === "number" ? relation : relation.id;
}
