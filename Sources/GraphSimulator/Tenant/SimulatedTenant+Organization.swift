/// The management chain: a tree laid out like a heap over user indexes, so both directions are arithmetic.
///
/// User `i`'s manager is `(i - 1) / 8`, skipping guests and deleted users on the way up; the top of each
/// chain has no manager (Graph answers 404). Direct reports are the inverse: children in the heap, and the
/// children of any guest or deleted child.
extension SimulatedTenant {
    static let managerFanOut = 8

    /// Whether the user takes part in the org chart: present and not a guest.
    func isInOrgChart(_ index: Int) -> Bool {
        isPresent(userAt: index) && kind(at: index) != .guest
    }

    /// The index of the user's manager, or nil for guests and the tops of the tree.
    public func managerIndex(ofUserAt index: Int) -> Int? {
        guard index > 0, isInOrgChart(index) else { return nil }
        var parent = (index - 1) / Self.managerFanOut
        while !isInOrgChart(parent) {
            guard parent > 0 else { return nil }
            parent = (parent - 1) / Self.managerFanOut
        }
        return parent
    }

    /// The indexes of the user's direct reports, ascending; empty for guests and individual contributors.
    public func directReportIndexes(ofUserAt index: Int) -> [Int] {
        guard isInOrgChart(index) else { return [] }
        var reports: [Int] = []
        var pending = heapChildren(of: index)
        while let child = pending.popLast() {
            if isInOrgChart(child) {
                reports.append(child)
            } else {
                pending.append(contentsOf: heapChildren(of: child))
            }
        }
        return reports.sorted()
    }

    private func heapChildren(of index: Int) -> [Int] {
        let first = index * Self.managerFanOut + 1
        guard first < userCount else { return [] }
        return Array(first..<min(userCount, first + Self.managerFanOut))
    }
}
