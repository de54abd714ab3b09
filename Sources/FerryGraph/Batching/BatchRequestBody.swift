import FerryCore

/// The body of `POST /v1.0/$batch`: `{"requests":[{"id","method","url","headers"}]}`.
enum BatchRequestBody {
    /// One GET of the batch; `url` is relative to the version (`/users/{id}/messages?$top=10`).
    struct Request {
        let id: String
        let url: String
        let headers: [(name: String, value: String)]
    }

    /// The JSON document for `requests`, in their order.
    static func encode(_ requests: [Request]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + requests.reduce(0) { $0 + $1.url.utf8.count + 64 })
        out.append(contentsOf: #"{"requests":["#.utf8)
        for (offset, request) in requests.enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"id":"#.utf8)
            JSONWriter.writeString(request.id, into: &out)
            out.append(contentsOf: #","method":"GET","url":"#.utf8)
            JSONWriter.writeString(request.url, into: &out)
            if !request.headers.isEmpty {
                out.append(contentsOf: #","headers":{"#.utf8)
                for (index, header) in request.headers.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    JSONWriter.writeString(header.name, into: &out)
                    out.append(UInt8(ascii: ":"))
                    JSONWriter.writeString(header.value, into: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }
}
