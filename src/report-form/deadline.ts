/**
 * How long a page waits for GitHub before it answers without it. Production
 * uses a timer; tests pass a deadline that passes only when they say so, so
 * no test depends on how fast the machine is.
 */
export interface Deadline {
  /** Starts one wait: `passed` resolves when it is over; `cancel` ends it (no timer is left behind). */
  start(): { passed: Promise<void>; cancel(): void };
}

export function timerDeadline(ms: number): Deadline {
  return {
    start() {
      let timer: NodeJS.Timeout | undefined;
      const passed = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
        timer.unref();
      });
      return { passed, cancel: () => clearTimeout(timer) };
    },
  };
}

/**
 * Work a page stopped waiting for but that goes on (a lookup that will fill a
 * cache). Kept track of, so a test can wait for it before it ends.
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<unknown>>();

  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
  }

  /** Resolves once no tracked work is left (work started meanwhile included). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

/**
 * `work`'s result, or `late` once the deadline passes first. Late work is
 * handed to `background` (it is not cancelled: it may still fill a cache).
 */
export async function beforeDeadline<T, L>(work: Promise<T>, deadline: Deadline, background: BackgroundWork, late: L): Promise<T | L> {
  const wait = deadline.start();
  let finished = false;
  const watched = work.finally(() => (finished = true));
  try {
    return await Promise.race([watched, wait.passed.then(() => late)]);
  } finally {
    wait.cancel();
    if (!finished) background.track(watched);
  }
}
