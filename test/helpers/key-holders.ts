import type { KeyHolders } from "../../src/cases/key-holders.js";

/**
 * The key-holder check answering "cannot read" for everyone, without a request.
 * createTestApp uses it unless a test passes `keyHolders` (test/key-holders.test.ts
 * passes the real one, `gitHubKeyHolders`), so tests about other things need
 * not mock the check's three lookups on every case they open.
 */
export const nobodyHoldsKeys: KeyHolders = { lookup: () => ({ canRead: async () => ({ canRead: false }) }) };
