/** Storage tools: storage-get (one instance), storage-list and storage-add. */
import * as z from "zod";

import type { HookToolSession } from "./session.js";
import { stringListOrNull } from "./session.js";

export interface StorageInfo {
  readonly kind: string;
  readonly location: string;
}

export function storageGet(session: HookToolSession, name: string, index: number): Promise<StorageInfo> {
  const id = `${name}/${index}`;
  return session.cached(`storage-get:${id}`, () =>
    session.runJson(
      "storage-get",
      ["--format=json", "-s", id],
      z.object({ kind: z.string(), location: z.string() }),
    ),
  );
}

/** Storage ids (`data/0`), optionally only those of one storage name. */
export function storageList(session: HookToolSession, name?: string): Promise<string[]> {
  return session.cached(`storage-list:${name ?? ""}`, () =>
    session.runJson(
      "storage-list",
      ["--format=json", ...(name === undefined ? [] : [name])],
      stringListOrNull,
    ),
  );
}

export async function storageAdd(session: HookToolSession, name: string, count = 1): Promise<void> {
  await session.run("storage-add", [`${name}=${count}`]);
}
