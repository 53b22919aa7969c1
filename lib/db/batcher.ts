/**
 * Collects items for at most `maxWaitMs` (or until `maxBatch` are waiting) and hands them to `flush` together,
 * so many callers share one MySQL commit — the fsync per commit is what limits throughput. Each caller's promise
 * settles only after its batch's flush has settled, so nothing is acknowledged before it is durable.
 */
export interface BatcherOptions {
  maxWaitMs: number;
  maxBatch: number;
  /** Flushes allowed in flight at once; while all are busy, items keep collecting into a bigger batch. */
  maxConcurrentFlushes?: number;
}

interface Pending<In, Out> {
  item: In;
  resolve: (out: Out) => void;
  reject: (err: unknown) => void;
}

export class Batcher<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Flushes in flight, and the items they carry. */
  private inFlight = 0;
  private flushing = 0;
  private readonly maxConcurrent: number;

  constructor(
    private readonly flush: (items: In[]) => Promise<Out[]>,
    private readonly opts: BatcherOptions,
  ) {
    this.maxConcurrent = opts.maxConcurrentFlushes ?? 4;
  }

  add(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.opts.maxBatch) this.drain();
      else this.timer ??= setTimeout(() => this.drain(), this.opts.maxWaitMs);
    });
  }

  /** Items waiting or being flushed. */
  get size(): number {
    return this.queue.length + this.flushing;
  }

  private drain(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.queue.length > 0 && this.inFlight < this.maxConcurrent) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.inFlight++;
      this.flushing += batch.length;
      void this.run(batch);
    }
  }

  private async run(batch: Pending<In, Out>[]): Promise<void> {
    try {
      const results = await this.flush(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.inFlight--;
      this.flushing -= batch.length;
      if (this.queue.length > 0) this.drain();
    }
  }
}
