/**
 * `github_runner_image_v0`: the garm-configurator (requirer, endpoint `image`) asks the
 * github-runner-image-builder charm (provider) for a runner image in its OpenStack project.
 *
 * Requirer unit databag: six OpenStack credential keys. The protocol carries the password in
 * plain text (the image builder reads it from the databag, not from a Juju secret); this is the
 * only place the configurator writes a secret value, because the provider cannot read it
 * otherwise. Provider unit databag: `id` (image id), `tags` and `images`.
 * No application databag is used on either side.
 */
import * as z from "zod";
import {
  checkHttpUrl,
  checkSingleLine,
  databagShapeProblems,
  documentedDatabagSchema,
  hasControlCharacters,
  type DatabagProblem,
  type DatabagRead,
} from "./validators.js";

export const RUNNER_IMAGE_INTERFACE = "github_runner_image_v0";

/** Requirer (configurator) unit databag keys. All six are required by the image builder. */
export const IMAGE_REQUEST_KEYS = {
  auth_url: "OpenStack Keystone URL (http or https).",
  username: "OpenStack user name.",
  password: "OpenStack password, in plain text as the protocol requires.",
  project_name: "OpenStack project name.",
  user_domain_name: "OpenStack user domain name.",
  project_domain_name: "OpenStack project domain name.",
} as const;

export type ImageRequestKey = keyof typeof IMAGE_REQUEST_KEYS;

/** Provider (image builder) unit databag keys. */
export const IMAGE_PROVIDER_KEYS = {
  id: "OpenStack image id of the primary image for the requirer's cloud.",
  tags: 'Tags of the primary image as CSV "<arch>,<base>", e.g. "x64,noble".',
  images: 'JSON list of {"id": str, "tags": str}, primary image first.',
} as const;

/** Shape of the requirer unit databag, documented key by key (other keys are tolerated). */
export const imageRequestDatabagSchema = documentedDatabagSchema(IMAGE_REQUEST_KEYS);

/** Shape of the provider unit databag, documented key by key (other keys are tolerated). */
export const imageProviderDatabagSchema = documentedDatabagSchema(IMAGE_PROVIDER_KEYS);

export interface ImageRequest {
  readonly authUrl: string;
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
  readonly userDomainName: string;
  readonly projectDomainName: string;
}

export interface ImageEntry {
  readonly id: string;
  readonly tags: string;
}

export interface ImageInfo {
  readonly id: string;
  readonly tags: string | undefined;
  readonly images: readonly ImageEntry[];
}

export function writeImageRequest(request: ImageRequest): Record<ImageRequestKey, string> {
  return {
    auth_url: request.authUrl,
    username: request.username,
    password: request.password,
    project_name: request.projectName,
    user_domain_name: request.userDomainName,
    project_domain_name: request.projectDomainName,
  };
}

/**
 * The provider's view of a requirer unit. No charm here is the provider; this lets a test play the
 * image builder against the same schema.
 */
export function readImageRequest(bag: unknown): DatabagRead<ImageRequest> {
  const shape = imageRequestDatabagSchema.safeParse(bag);
  if (!shape.success) return { ok: false, state: "invalid", problems: databagShapeProblems(shape.error) };
  const missing: string[] = [];
  const problems: DatabagProblem[] = [];
  const get = (key: ImageRequestKey): string => {
    const value = shape.data[key] ?? "";
    if (value === "") {
      missing.push(key);
      problems.push({ key, message: `${key} is missing` });
    } else if (key !== "password" && checkSingleLine(value) !== undefined) {
      problems.push({ key, message: `${key} must be a single line` });
    }
    return value;
  };
  const request: ImageRequest = {
    authUrl: get("auth_url"),
    username: get("username"),
    password: get("password"),
    projectName: get("project_name"),
    userDomainName: get("user_domain_name"),
    projectDomainName: get("project_domain_name"),
  };
  if (request.authUrl !== "" && checkHttpUrl(request.authUrl) !== undefined) {
    problems.push({ key: "auth_url", message: "auth_url must be a valid http(s) URL" });
  }
  if (problems.length > missing.length) return { ok: false, state: "invalid", problems };
  if (missing.length > 0) return { ok: false, state: "incomplete", missing, problems };
  return { ok: true, value: request };
}

export function writeImageProviderData(info: ImageInfo): Record<string, string> {
  const data: Record<string, string> = { id: info.id, images: JSON.stringify(info.images) };
  if (info.tags !== undefined) data["tags"] = info.tags;
  return data;
}

const imageIdSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((id) => !/\s/u.test(id) && !hasControlCharacters(id));
const imagesSchema = z.array(z.object({ id: imageIdSchema, tags: z.string() }));

/**
 * Reads one image-builder unit. No `id` yet is `incomplete` (the image is still being built);
 * a malformed `id`, `tags` or `images` is `invalid`.
 */
export function readImageProviderData(bag: unknown): DatabagRead<ImageInfo> {
  const shape = imageProviderDatabagSchema.safeParse(bag);
  if (!shape.success) return { ok: false, state: "invalid", problems: databagShapeProblems(shape.error) };
  const problems: DatabagProblem[] = [];
  const idText = shape.data["id"] ?? "";
  const tags = shape.data["tags"] || undefined;
  if (idText !== "" && !imageIdSchema.safeParse(idText).success) {
    problems.push({ key: "id", message: "id must be a non-empty image id without spaces" });
  }
  if (tags !== undefined && checkSingleLine(tags) !== undefined) {
    problems.push({ key: "tags", message: "tags must be a single line" });
  }
  let images: readonly ImageEntry[] = [];
  const imagesText = shape.data["images"] ?? "";
  if (imagesText !== "") {
    let json: unknown;
    try {
      json = JSON.parse(imagesText);
    } catch {
      json = undefined;
    }
    const parsed = imagesSchema.safeParse(json);
    if (parsed.success) images = parsed.data;
    else problems.push({ key: "images", message: "images must be a JSON list of {id, tags}" });
  }
  if (problems.length > 0) return { ok: false, state: "invalid", problems };
  if (idText === "") {
    return {
      ok: false,
      state: "incomplete",
      missing: ["id"],
      problems: [{ key: "id", message: "id is missing" }],
    };
  }
  return { ok: true, value: { id: idText, tags, images } };
}

/** Juju unit number of `app/N`, for a stable order. */
function unitNumber(unit: string): number {
  const n = Number(unit.slice(unit.lastIndexOf("/") + 1));
  return Number.isInteger(n) ? n : Number.MAX_SAFE_INTEGER;
}

/**
 * The image id to use: that of the lowest-numbered provider unit with a valid `id` (the Python
 * charm took the first in an unspecified order). `undefined` while none has published one.
 */
export function selectImageId(
  units: readonly { readonly unit: string; readonly data: Readonly<Record<string, string>> }[],
): string | undefined {
  const ordered = [...units].sort(
    (a, b) => unitNumber(a.unit) - unitNumber(b.unit) || a.unit.localeCompare(b.unit),
  );
  for (const { data } of ordered) {
    const read = readImageProviderData(data);
    if (read.ok) return read.value.id;
  }
  return undefined;
}
