import { deriveFromPrivateKey } from "../../cases/seal-keys.js";
import type { CliCommand } from "../command.js";

/**
 * `call-in metadata-key`: prints the key that seals case metadata, derived
 * from the app's private key, so it can be pinned as CASE_METADATA_KEY
 * before the private key is rotated (see docs/security.md, "How case metadata is protected").
 */
export const metadataKeyCommand: CliCommand = {
  summary: "Print the case metadata key derived from the private key (to pin it before a rotation)",
  options: {},
  async run(_values, settings) {
    const pem = settings.privateKey();
    if (!pem) throw new Error("set PRIVATE_KEY or PRIVATE_KEY_PATH (the app's private key)");
    process.stdout.write(`${deriveFromPrivateKey(pem).toString("base64")}\n`);
    return 0;
  },
};
