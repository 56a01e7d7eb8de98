import { createHash } from "node:crypto";
import nock from "nock";
import { barrier, type Barrier } from "./barrier.js";

export interface ContentsWrite {
  path: string;
  /** The sha the client sent (null: create). */
  sha: string | null;
  status: 200 | 201 | 409 | 422;
  text: string;
  message: string;
}

/**
 * A small in-memory copy of GitHub's contents API for one repository, with the
 * blob sha as compare-and-swap exactly as GitHub answers it: a stale sha gives
 * 409, a missing sha on an existing file 422. Lets tests run real races.
 * Interceptors persist until `dispose()`; `reads` and `writes` record the calls.
 */
export class FakeRepoContents {
  readonly files = new Map<string, { text: string; sha: string }>();
  readonly writes: ContentsWrite[] = [];
  readonly reads: string[] = [];
  /** Called before a PUT is applied, e.g. to let a "concurrent writer" change the file first. */
  beforeWrite: ((path: string) => void) | null = null;
  /** Awaited before a GET is answered / a PUT is applied: holds it, e.g. until another request arrived. */
  beforeRead: ((path: string) => Promise<void>) | null = null;
  beforeWriteHeld: ((path: string) => Promise<void>) | null = null;

  constructor(
    readonly owner: string,
    readonly repo: string,
    files: Record<string, string> = {},
    baseUrl = "https://api.github.com",
  ) {
    for (const [path, text] of Object.entries(files)) this.put(path, text);
    const prefix = `/repos/${owner}/${repo}/contents/`;
    const pathOf = (uri: string) => decodeURIComponent(uri.split("?")[0]!.slice(prefix.length));
    this.getInterceptor = nock(baseUrl)
      .persist()
      .get((uri) => uri.startsWith(prefix));
    this.getInterceptor.reply(async (uri) => {
      const path = pathOf(uri);
      this.reads.push(path);
      await this.barrier?.arrive();
      await this.beforeRead?.(path);
      return this.get(path);
    });
    this.putInterceptor = nock(baseUrl)
      .persist()
      .put((uri) => uri.startsWith(prefix));
    this.putInterceptor.reply(async (uri, body) => {
      const path = pathOf(uri);
      const { content, sha, message } = body as { content: string; sha?: string; message: string };
      await this.beforeWriteHeld?.(path);
      this.beforeWrite?.(path);
      const text = Buffer.from(content, "base64").toString("utf8");
      const current = this.files.get(path);
      const write = (status: ContentsWrite["status"]) => this.writes.push({ path, sha: sha ?? null, status, text, message });
      if (current && !sha) {
        write(422);
        return [422, { message: 'Invalid request.\n\n"sha" wasn\'t supplied.', status: "422" }];
      }
      if ((current && sha !== current.sha) || (!current && sha)) {
        write(409);
        return [409, { message: `${path} does not match ${sha}`, status: "409" }];
      }
      const saved = this.put(path, text);
      write(current ? 200 : 201);
      return [
        current ? 200 : 201,
        {
          content: { name: path.split("/").at(-1), path, sha: saved.sha, html_url: `https://github.com/${owner}/${repo}/blob/main/${path}` },
          commit: { sha: `commit-${saved.sha}` },
        },
      ];
    });
  }

  private readonly getInterceptor: nock.Interceptor;
  private readonly putInterceptor: nock.Interceptor;

  private barrier: Barrier | null = null;

  /**
   * Holds the next `count` reads until all of them have arrived, so that concurrent
   * writers are sure to read the same version (a real race, every time).
   */
  holdReadsUntil(count: number): void {
    this.barrier = barrier(count, () => (this.barrier = null));
  }

  /** Removes the persistent interceptors (before a test checks `nock.pendingMocks()`). */
  dispose(): void {
    nock.removeInterceptor(this.getInterceptor);
    nock.removeInterceptor(this.putInterceptor);
  }

  /** Writes a file directly, as another writer would. */
  put(path: string, text: string): { text: string; sha: string } {
    const saved = { text, sha: createHash("sha1").update(`blob ${text}`).digest("hex") };
    this.files.set(path, saved);
    return saved;
  }

  text(path: string): string | undefined {
    return this.files.get(path)?.text;
  }

  private get(path: string): [number, unknown] {
    const file = this.files.get(path);
    if (file) {
      return [
        200,
        {
          type: "file",
          name: path.split("/").at(-1),
          path,
          sha: file.sha,
          size: Buffer.byteLength(file.text),
          encoding: "base64",
          content: Buffer.from(file.text).toString("base64"),
        },
      ];
    }
    const folder = path.replace(/\/$/, "");
    const children = new Map<string, "file" | "dir">();
    for (const name of this.files.keys()) {
      if (!name.startsWith(`${folder}/`)) continue;
      const rest = name.slice(folder.length + 1);
      const [first, ...more] = rest.split("/");
      children.set(first!, more.length > 0 ? "dir" : "file");
    }
    if (children.size === 0) return [404, { message: "Not Found" }];
    return [
      200,
      [...children.entries()].map(([name, type]) => {
        const path = `${folder}/${name}`;
        const url = `https://api.github.com/repos/${this.owner}/${this.repo}/contents/${path}`;
        const htmlUrl = `https://github.com/${this.owner}/${this.repo}/${type === "dir" ? "tree" : "blob"}/main/${path}`;
        const gitUrl = `https://api.github.com/repos/${this.owner}/${this.repo}/git/${type === "dir" ? "trees" : "blobs"}/sha-${path}`;
        return {
          type,
          name,
          path,
          sha: `sha-${path}`,
          size: 0,
          url,
          html_url: htmlUrl,
          git_url: gitUrl,
          download_url: null,
          _links: { self: url, git: gitUrl, html: htmlUrl },
        };
      }),
    ];
  }
}
