/** A point concurrent work waits at until enough of it has arrived. */
export interface Barrier {
  arrive(): Promise<void>;
}

/**
 * Holds each arrival until `count` have arrived, then lets them all go at once, so
 * that concurrent requests reach the next step together every time, however the
 * machine schedules them. `onOpen` runs as the last one arrives, before any goes on.
 */
export function barrier(count: number, onOpen: () => void = () => undefined): Barrier {
  let waiting = count;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return {
    arrive: () => {
      if (--waiting === 0) {
        onOpen();
        release();
      }
      return all;
    },
  };
}
