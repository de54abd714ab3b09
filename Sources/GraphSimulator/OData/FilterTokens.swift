/// The tokens of a `$filter` text: words, quoted strings, parentheses and commas.
struct FilterTokens {
    enum Kind: Equatable {
        /// A name, operator, keyword, number or unquoted timestamp.
        case word
        /// A quoted string, with `''` already unescaped.
        case string
        case open, close, comma
    }

    struct Token {
        let kind: Kind
        let text: String

        func isWord(_ word: String) -> Bool {
            kind == .word && text.lowercased() == word
        }
    }

    private var tokens: [Token] = []
    private var position = 0

    init(_ text: String, error: (String) -> GraphError) throws(GraphError) {
        let characters = Array(text.unicodeScalars)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case " ", "\t", "\n", "\r":
                index += 1
            case "(":
                tokens.append(Token(kind: .open, text: "("))
                index += 1
            case ")":
                tokens.append(Token(kind: .close, text: ")"))
                index += 1
            case ",":
                tokens.append(Token(kind: .comma, text: ","))
                index += 1
            case "'":
                var value = String.UnicodeScalarView()
                index += 1
                var closed = false
                while index < characters.count {
                    if characters[index] == "'" {
                        if index + 1 < characters.count, characters[index + 1] == "'" {
                            value.append("'")
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    value.append(characters[index])
                    index += 1
                }
                guard closed else { throw error("a quoted string is not closed") }
                tokens.append(Token(kind: .string, text: String(value)))
            default:
                var word = String.UnicodeScalarView()
                while index < characters.count, !" \t\n\r(),'".unicodeScalars.contains(characters[index]) {
                    word.append(characters[index])
                    index += 1
                }
                tokens.append(Token(kind: .word, text: String(word)))
            }
        }
        guard !tokens.isEmpty else { throw error("the filter is empty") }
    }

    var peek: Token? { position < tokens.count ? tokens[position] : nil }

    mutating func next() -> Token? {
        defer { position += 1 }
        return peek
    }

    mutating func advance() {
        position += 1
    }
}
