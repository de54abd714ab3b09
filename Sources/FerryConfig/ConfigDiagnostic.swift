/// One problem in a pipeline or schema file, at the line and column of the offending key or value.
public struct ConfigDiagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// What is wrong and what would be right.
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    init(file: String, at position: SourcePosition, _ message: String) {
        self.init(file: file, line: position.line, column: position.column, message: message)
    }

    /// `<file>:<line>:<column>: error: <message>`, the form editors and CI logs link to.
    public var description: String {
        "\(file):\(line):\(column): error: \(message)"
    }
}
