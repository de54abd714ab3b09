/// The users (or groups) whose collections are still to be read, filled while the listing is still
/// being paged.
///
/// Fan-out starts with the first page of the listing instead of waiting for the whole directory;
/// workers wait here when they are ahead of it.
package actor FanoutQueue {
    private var pending: [String] = []
    private var head = 0
    private var finished = false
    private var waiting: [CheckedContinuation<String?, Never>] = []
    private(set) var enqueued = 0

    package init() {}

    package func push(_ ids: [String]) {
        enqueued += ids.count
        var ids = ids[...]
        while !waiting.isEmpty, let id = ids.popFirst() {
            waiting.removeFirst().resume(returning: id)
        }
        pending.append(contentsOf: ids)
    }

    /// No more ids will come; waiting workers are released.
    package func finish() {
        finished = true
        for worker in waiting { worker.resume(returning: nil) }
        waiting.removeAll()
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
            }
            return pending[head]
        }
        if finished { return nil }
        return await withCheckedContinuation { waiting.append($0) }
    }
}
