/// One rename a commit made visible, recorded so that a commit failing later (in this dataset or in
/// another one of the same run) can put everything back as it was.
enum PublishStep: Sendable, Equatable {
    /// `staged` and `visible` were swapped in one `renameat2(RENAME_EXCHANGE)`: `staged` now holds
    /// the previous version. Undone by swapping them again.
    case exchanged(staged: String, visible: String)
    /// `from` was renamed to `to`; what stood at `to` before, if anything, was first moved to `previous`.
    /// Undone by renaming `to` back to `from`, then `previous` back to `to`.
    case moved(from: String, to: String, previous: String?)

    /// Puts back what this step changed.
    func undo() throws {
        switch self {
        case .exchanged(let staged, let visible):
            guard try FileSystem.exchange(staged, visible) else {
                throw LoadError(.fileSystem, path: visible, message:
                    "cannot swap '\(visible)' back: this system has no renameat2; restore it from '\(staged)' by hand")
            }
        case .moved(let from, let to, let previous):
            try FileSystem.rename(to, to: from)
            if let previous { try FileSystem.rename(previous, to: to) }
        }
    }
}
