/**
 * Collects the calls made in one turn of the event loop and hands them to `flush` together once the turn is done
 * (setImmediate): a call alone waits for nothing, and calls made while one batch of I/O is handled share one round
 * trip. lib/db/batcher.ts waits milliseconds to fill a MySQL commit; a Redis script is cheap enough that waiting
 * would cost more latency than it saves. `flush` must answer one result per item, in order, and must not reject.
 */
export function createTurnBatcher<In, Out>(flush: (items: In[]) => Promise<Out[]>, maxBatch: number): (item: In) => Promise<Out> {
  let queue: Array<{ item: In; resolve: (out: Out) => void; reject: (err: unknown) => void }> = [];
  const run = () => {
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(maxBatch);
    if (queue.length > 0) setImmediate(run);
    flush(batch.map((b) => b.item)).then(
      (outs) => batch.forEach((b, i) => b.resolve(outs[i]!)),
      (err: unknown) => batch.forEach((b) => b.reject(err)),
    );
  };
  return (item) =>
    new Promise<Out>((resolve, reject) => {
      if (queue.length === 0) setImmediate(run);
      queue.push({ item, resolve, reject });
    });
}
