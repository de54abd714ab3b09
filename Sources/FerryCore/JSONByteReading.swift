/// What `JSONParser`'s reader and `JSONValidator` share: a position in a buffer, the byte there, an
/// error at it, and literals, so that both fail at the same offset with the same reason.
protocol JSONByteReading {
    var buffer: UnsafeRawBufferPointer { get }
    var index: Int { get set }
}

extension JSONByteReading {
    @inline(__always) var current: UInt8? {
        index < buffer.count ? buffer[index] : nil
    }

    func error(_ reason: String) -> JSONParseError {
        JSONParseError(offset: index, reason: reason)
    }

    /// Steps over `true`, `false` or `null`, or throws where the bytes differ.
    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= buffer.count else { throw error("unexpected end of data") }
        let start = literal.utf8Start
        for offset in 0..<count where buffer[index + offset] != start[offset] {
            throw error("invalid literal")
        }
        index += count
    }
}
