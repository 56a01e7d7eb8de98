import type { Logger } from "pino";
import type { CallInConfig } from "../config/schema.js";
import { fileCase, type FileCaseDeps, type FileCaseOutcome } from "../cases/file-case.js";
import type { SourceRef } from "../cases/metadata.js";
import type { Snapshot } from "../cases/snapshot.js";
import type { GitHub } from "../github/client.js";
import { removeLabel } from "../github/issues.js";

export interface LabelTrigger {
  github: GitHub;
  config: CallInConfig;
  log: Logger;
  deliveryId: string;
  label: string;
  source: SourceRef;
  snapshot: Snapshot;
  labelledBy: string;
}

/**
 * The trigger label on an issue or pull request opens a case about it. Applying
 * a label already takes triage rights, so no further permission check is needed.
 * Once the case is safely written, the label is removed so nothing shows in public.
 */
export async function callInFromLabel(deps: FileCaseDeps, trigger: LabelTrigger): Promise<FileCaseOutcome | null> {
  if (trigger.label.toLowerCase() !== trigger.config.triggerLabel.toLowerCase()) return null;
  const outcome = await fileCase(
    deps,
    { github: trigger.github, owner: trigger.source.owner, config: trigger.config, log: trigger.log },
    {
      source: trigger.source,
      snapshot: trigger.snapshot,
      trigger: "label",
      state: "open",
      triggeredBy: trigger.labelledBy,
      reason: null,
      deliveryId: trigger.deliveryId,
    },
  );
  if (outcome.status !== "refused" && trigger.config.removeTriggerLabel) {
    try {
      await removeLabel(trigger.github, { owner: trigger.source.owner, repo: trigger.source.repo }, trigger.source.number, trigger.label);
    } catch (error) {
      // The case is open; a failed tidy-up must not fail the delivery (GitHub would redeliver it).
      trigger.log.error({ err: error, source: trigger.source.key }, "the case is open, but the trigger label could not be removed; remove it by hand");
    }
  }
  return outcome;
}
