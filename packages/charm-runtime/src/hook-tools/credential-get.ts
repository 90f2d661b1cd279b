/** `credential-get`: the cloud credential of a trusted application. */
import * as z from "zod";

import type { HookToolSession } from "./session.js";

const cloudSpecSchema = z.looseObject({
  type: z.string(),
  name: z.string(),
  region: z.string().optional(),
  endpoint: z.string().optional(),
  "identity-endpoint": z.string().optional(),
  "storage-endpoint": z.string().optional(),
  credential: z
    .object({
      "auth-type": z.string(),
      attrs: z.record(z.string(), z.string()).optional(),
      redacted: z.array(z.string()).optional(),
    })
    .optional(),
  cacertificates: z.array(z.string()).optional(),
  "skip-tls-verify": z.boolean().optional(),
  "is-controller-cloud": z.boolean().optional(),
});

export type CloudSpec = z.output<typeof cloudSpecSchema>;

export function credentialGet(session: HookToolSession): Promise<CloudSpec> {
  return session.cached("credential-get", () =>
    session.runJson("credential-get", ["--format=json"], cloudSpecSchema),
  );
}
