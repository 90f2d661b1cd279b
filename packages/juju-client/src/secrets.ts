/** `juju secrets --format=json` and `juju show-secret --reveal --format=json`. */
import * as z from "zod";

const secretEntrySchema = z
  .object({
    revision: z.number(),
    owner: z.string(),
    name: z.string().optional(),
    label: z.string().optional(),
    description: z.string().optional(),
  })
  .loose();

export const secretListSchema = z.record(z.string(), secretEntrySchema);

export const secretRevealSchema = z.record(
  z.string(),
  secretEntrySchema.extend({ content: z.object({ Data: z.record(z.string(), z.string()) }).loose() }),
);

export type SecretSummary = z.infer<typeof secretEntrySchema> & { readonly id: string };
