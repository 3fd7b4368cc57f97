/**
 * The Effect entry's declarations in a Node-only project (see `effect-dom-names.d.ts` for the two
 * names effect's own declarations need there).
 */

import { createEffectClient, type EffectClient } from "@faultline/fetch/effect";
import * as Effect from "effect/Effect";

const client: EffectClient = createEffectClient({
  baseUrl: "https://api.example.com",
  headers: { accept: "application/json" },
});

export const program = client.get<{ id: number }>("/users/42").pipe(
  Effect.map((user) => user.id),
  Effect.catchTag("NotFound", () => Effect.succeed(0)),
);
// @ts-expect-error a number is not a request input
client.fetch(12345);
