/**
 * The image-builder stand-in: the leader answers each `image` relation in its unit databag once
 * a requirer unit has sent complete, valid OpenStack credentials, as the real image builder
 * answers a cloud it has an image for:
 *
 *   requirer unit bag: auth_url, username, password, project_name, user_domain_name,
 *   project_domain_name ──► provider unit bag: id, tags, images
 */
import type { Charm, HookContext, Relation } from "@garm-charms/charm-runtime";
import { readImageRequest, writeImageProviderData } from "@garm-charms/interfaces";
import { answerAsLeader, type Answer } from "@garm-charms/stand-in-shared";
import * as z from "zod";

export const IMAGE_ENDPOINT = "image";

const configSchema = z.object({
  "image-id": z.string().regex(/^[^\s,]{1,255}$/, "must be an image id without spaces or commas"),
  tags: z.string().regex(/^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/, 'must be CSV such as "x64,noble"'),
});

type Settings = z.output<typeof configSchema>;

/** The request of the lowest-numbered remote unit that sent one, validated as the provider does. */
async function requestState(ctx: HookContext, relation: Relation): Promise<Answer> {
  const units = relation.remoteUnits.filter((unit) => unit !== relation.departingUnit);
  let refused = false;
  for (const unit of units) {
    const read = readImageRequest(await relation.remoteUnitData(unit).get());
    if (read.ok) return "answered";
    if (read.state === "invalid") {
      refused = true;
      // Keys only: a problem message never quotes the value (the password travels here).
      await ctx.log.warning(
        `Credentials from ${unit} refused: ${read.problems.map((p) => p.key).join(", ")}`,
      );
    }
  }
  return refused ? "refused" : "waiting";
}

async function answer(ctx: HookContext, relation: Relation, settings: Settings): Promise<Answer> {
  const state = await requestState(ctx, relation);
  if (state !== "answered") return state;
  const tags = settings.tags;
  await relation.localUnitData.update(
    writeImageProviderData({ id: settings["image-id"], tags, images: [{ id: settings["image-id"], tags }] }),
  );
  return state;
}

export const imageBuilderStandIn: Charm = async (ctx) => {
  if (ctx.event.kind === "action") return;
  await answerAsLeader(ctx, await ctx.checkConfig(configSchema), {
    endpoint: IMAGE_ENDPOINT,
    requests: "credential request(s)",
    answer,
  });
};
