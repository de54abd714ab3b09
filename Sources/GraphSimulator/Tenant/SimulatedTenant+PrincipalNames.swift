/// Finding a user by principal name, as Graph accepts `/users/{userPrincipalName}` wherever it takes an id.
///
/// Names are a permutation of (given name, surname) combinations, so the index is recovered arithmetically:
/// find the two names in the principal name, undo the permutation, add the round its number suffix gives,
/// then regenerate the user to check.
extension SimulatedTenant {
    /// The index of the present user whose id or principal name this is, or nil.
    public func userIndex(forIdOrPrincipalName key: String) -> Int? {
        guard key.contains("@") else { return userIndex(forId: key) }
        let lowered = key.lowercased()
        guard let at = lowered.lastIndex(of: "@") else { return nil }
        var local = String(lowered[..<at])
        if let external = local.range(of: "#ext#") {
            // Guests: `first.last_domain#EXT#@initial-domain`.
            guard let underscore = local[..<external.lowerBound].lastIndex(of: "_") else { return nil }
            local = String(local[..<underscore])
        }
        let given = TenantVocabulary.givenNames
        let surnames = TenantVocabulary.surnames
        let combinations = given.count * surnames.count
        for (givenIndex, name) in given.enumerated() where local.hasPrefix(name.ascii + ".") {
            let rest = local.dropFirst(name.ascii.count + 1)
            for (surnameIndex, surname) in surnames.enumerated() where rest.hasPrefix(surname.ascii) {
                let suffix = rest.dropFirst(surname.ascii.count)
                let round: Int
                if suffix.isEmpty {
                    round = 0
                } else {
                    guard let number = Int(suffix), number >= 2 else { continue }
                    round = number - 1
                }
                let combination = givenIndex * surnames.count + surnameIndex
                let residue = Self.modulo((combination - nameOffset) * Self.inverse(nameMultiplier, modulo: combinations), combinations)
                let index = round * combinations + residue
                guard index < userCount, isPresent(userAt: index),
                    identity(at: index).identity.userPrincipalName.lowercased() == lowered
                else { continue }
                return index
            }
        }
        return nil
    }

    private static func modulo(_ value: Int, _ modulus: Int) -> Int {
        ((value % modulus) + modulus) % modulus
    }

    /// The inverse of `value` modulo `modulus` (they are coprime), by the extended Euclidean algorithm.
    private static func inverse(_ value: Int, modulo modulus: Int) -> Int {
        var (oldRemainder, remainder) = (value, modulus)
        var (oldCoefficient, coefficient) = (1, 0)
        while remainder != 0 {
            let quotient = oldRemainder / remainder
            (oldRemainder, remainder) = (remainder, oldRemainder - quotient * remainder)
            (oldCoefficient, coefficient) = (coefficient, oldCoefficient - quotient * coefficient)
        }
        return modulo(oldCoefficient, modulus)
    }
}
