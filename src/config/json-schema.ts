import { z } from "zod";
import { configSchema } from "./schema.js";

/** The JSON Schema editors use for `.github/call-in.yml`, generated from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }),
    title: "Call-In configuration (.github/call-in.yml)",
  };
}
