/**
 * Collects items for at most `maxWaitMs` (or until `maxBatch` are waiting) and hands them to `flush` together,
 * so many callers share one MySQL commit — the fsync per commit is what limits throughput. Each caller's promise
 * settles only after its batch's flush has settled, so nothing is acknowledged before it is durable.
 */
export interface BatcherOptions<In = unknown> {
  maxWaitMs: number;
  maxBatch: number;
  /** Flushes allowed in flight at once; while all are busy, items keep collecting into a bigger batch. */
  maxConcurrentFlushes?: number;
  /**
   * A batch also ends once its items' `sizeOf` adds up to `maxBytes` (an item larger than that goes alone): a
   * statement past MySQL's max_allowed_packet fails for every item in it.
   */
  maxBytes?: number;
  sizeOf?: (item: In) => number;
  /**
   * When a batch of several fails with an error this accepts, each item is flushed again on its own, so the one
   * item the database refuses fails alone and the others settle normally.
   */
  isolate?: (err: unknown) => boolean;
}

interface Pending<In, Out> {
  item: In;
  size: number;
  resolve: (out: Out) => void;
  reject: (err: unknown) => void;
}

export class Batcher<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Flushes in flight, and the items they carry. */
  private inFlight = 0;
  private flushing = 0;
  private queuedBytes = 0;
  private readonly maxConcurrent: number;

  constructor(
    private readonly flush: (items: In[]) => Promise<Out[]>,
    private readonly opts: BatcherOptions<In>,
  ) {
    this.maxConcurrent = opts.maxConcurrentFlushes ?? 4;
  }

  add(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      const size = this.opts.sizeOf?.(item) ?? 0;
      this.queue.push({ item, size, resolve, reject });
      this.queuedBytes += size;
      if (this.queue.length >= this.opts.maxBatch || this.queuedBytes >= (this.opts.maxBytes ?? Infinity)) this.drain();
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
      const batch = this.queue.splice(0, this.takeCount());
      for (const p of batch) this.queuedBytes -= p.size;
      this.inFlight++;
      this.flushing += batch.length;
      void this.run(batch);
    }
  }

  /** How many of the waiting items the next batch takes: up to maxBatch and maxBytes, at least one. */
  private takeCount(): number {
    const maxBytes = this.opts.maxBytes ?? Infinity;
    let n = 0;
    let bytes = 0;
    while (n < this.queue.length && n < this.opts.maxBatch) {
      bytes += this.queue[n]!.size;
      if (n > 0 && bytes > maxBytes) break;
      n++;
    }
    return n;
  }

  private async run(batch: Pending<In, Out>[]): Promise<void> {
    try {
      const results = await this.flush(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (err) {
      if (batch.length > 1 && this.opts.isolate?.(err)) await this.runEach(batch);
      else for (const p of batch) p.reject(err);
    } finally {
      this.inFlight--;
      this.flushing -= batch.length;
      if (this.queue.length > 0) this.drain();
    }
  }

  /** One flush per item, one after another: the batch's slot stays taken, so isolating never adds load. */
  private async runEach(batch: Pending<In, Out>[]): Promise<void> {
    for (const p of batch) {
      try {
        const [result] = await this.flush([p.item]);
        p.resolve(result!);
      } catch (err) {
        p.reject(err);
      }
    }
  }
}
