/// The users (or groups) whose collections are still to be read, filled while the listing is still
/// being paged.
///
/// Fan-out starts with the first page of the listing instead of waiting for the whole directory;
/// workers wait here when they are ahead of it. The listing waits here when it is ahead of the
/// workers by `capacity` ids: a directory pages far faster than mailboxes are read, and without the
/// bound a tenant of a million users would be held here whole.
package actor FanoutQueue {
    private var pending: [String] = []
    private var head = 0
    private var finished = false
    private var waiting: [CheckedContinuation<String?, Never>] = []
    /// Listings waiting for the workers to take ids.
    private var producers: [CheckedContinuation<Void, Never>] = []
    package private(set) var enqueued = 0
    /// The most ids held before `push` waits (a push of a whole page may pass it once).
    package let capacity: Int

    package init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// The ids not yet handed out.
    package var count: Int { pending.count - head }

    /// Adds `ids`, first waiting while `capacity` or more are held; after `finish()`, drops them.
    package func push(_ ids: [String]) async {
        while count >= capacity && !finished {
            await withCheckedContinuation { producers.append($0) }
        }
        guard !finished else { return }
        enqueued += ids.count
        var ids = ids[...]
        while !waiting.isEmpty, let id = ids.popFirst() {
            waiting.removeFirst().resume(returning: id)
        }
        pending.append(contentsOf: ids)
    }

    /// No more ids will come, or none are wanted (a run failing): waiting workers and listings are
    /// released.
    package func finish() {
        finished = true
        for worker in waiting { worker.resume(returning: nil) }
        waiting.removeAll()
        releaseProducers()
    }

    /// The next id, or `nil` once the listing is finished and every id was handed out.
    package func next() async -> String? {
        if head < pending.count {
            defer {
                head += 1
                if head > 4096 && head * 2 > pending.count {
                    pending.removeFirst(head)
                    head = 0
                }
                if count < capacity { releaseProducers() }
            }
            return pending[head]
        }
        if finished { return nil }
        return await withCheckedContinuation { waiting.append($0) }
    }

    private func releaseProducers() {
        for producer in producers { producer.resume() }
        producers.removeAll()
    }
}
