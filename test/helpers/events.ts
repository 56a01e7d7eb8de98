/**
 * Checks shared by the tests of src/events/: what every record built from a
 * webhook payload says about where it happened and who sent it.
 */
import { expect } from "vitest";

/** What every record says about the repository and the sender, read from the payload itself. */
export function expectRepositoryAndSender(
  record: { source: { owner: string; repo: string; repoId?: number; key: string }; sender: { login: string; id: number; type: string } },
  payload: { repository: { owner: { login: string }; name: string; id: number }; sender: { login: string; id: number; type: string } },
  number: number,
): void {
  expect(record.source).toMatchObject({ owner: payload.repository.owner.login, repo: payload.repository.name, repoId: payload.repository.id, number });
  expect(record.source.key).toBe(`${payload.repository.owner.login}/${payload.repository.name}#${number}`.toLowerCase());
  expect(record.sender).toEqual({ login: payload.sender.login, id: payload.sender.id, type: payload.sender.type });
}
