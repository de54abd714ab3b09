/// "Did you mean" for misspelled keys, datasets, columns and enum values.
enum Suggestion {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let lowered = Array(word.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            // Short names tolerate one edit, longer ones up to three: beyond that a guess misleads.
            let tolerance = max(1, min(3, max(candidate.count, lowered.count) / 3))
            // Lengths further apart than the tolerance are further apart in edits too: a huge word
            // costs nothing here, where its table would cost its length times the candidate's.
            guard abs(candidate.count - lowered.count) <= tolerance else { continue }
            let distance = editDistance(lowered, Array(candidate.lowercased()))
            guard distance <= tolerance else { continue }
            if let current = best, current.distance <= distance { continue }
            best = (candidate, distance)
        }
        return best?.candidate
    }

    /// Edit distance where an insertion, a deletion, a substitution or swapping two neighbours costs one
    /// (optimal string alignment): `emial` is one typo away from `email`.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    /// `; did you mean 'x'?` or an empty string, for appending to a message.
    static func didYouMean(_ word: String, in candidates: [String]) -> String {
        nearest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }
}
