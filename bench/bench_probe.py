import time, atexit, statistics, collections
rec = []; batches = []; uows = collections.Counter(); uowt = collections.Counter()
def install(runtime, app):
    from core.walls import votes
    real = votes.count
    async def count(services, uow, wall_id, batch):
        t = time.perf_counter()
        r = await real(services, uow, wall_id, batch)
        batches.append((t, time.perf_counter() - t, len(batch)))
        return r
    votes.count = count
    db = runtime.db
    real_tx = db._transaction
    import contextlib, traceback
    @contextlib.asynccontextmanager
    async def tx(read_only):
        t = time.perf_counter()
        caller = traceback.extract_stack(limit=4)[0]
        key = f"{caller.filename.rsplit('/',1)[-1]}:{caller.name}:{'ro' if read_only else 'rw'}"
        async with real_tx(read_only) as u:
            yield u
        uows[key] += 1; uowt[key] += time.perf_counter() - t
    db._transaction = tx
    def report():
        if batches:
            print(f"vote batches n={len(batches)} mean size {statistics.mean(b[2] for b in batches):.1f} mean dur {statistics.mean(b[1] for b in batches)*1000:.0f}ms total {sum(b[1] for b in batches):.1f}s")
        for k, n in uows.most_common(15):
            print(f"  {n:6d} tx {uowt[k]:7.1f}s  {k}")
    atexit.register(report)
