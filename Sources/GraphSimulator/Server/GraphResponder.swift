import Foundation
import Hummingbird

/// Adapts Hummingbird's requests and responses to the simulated Graph's own types.
struct GraphResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let gateway: GraphGateway
    let listener: ListenerAddress
    let identifiers = RequestIdentifiers()

    /// Token requests and `$batch` bodies are small; anything larger is refused rather than buffered.
    private static let maximumBodySize = 64 * 1024

    private static let clientRequestIdField = HTTPFields.Element.Name("client-request-id")!
    private static let requestIdField = HTTPFields.Element.Name("request-id")!
    private static let consistencyLevelField = HTTPFields.Element.Name("ConsistencyLevel")!
    private static let preferField = HTTPFields.Element.Name("Prefer")!
    /// Graph's exact content type; clients should accept it as JSON.
    static let contentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

    /// Thrown into Hummingbird after half a body, so that it closes the connection mid-response.
    private struct DroppedConnection: Error {}

    func respond(to request: Request, context: BasicRequestContext) async throws -> Response {
        let clientRequestId = request.headers[Self.clientRequestIdField]
        let requestId = identifiers.next()
        var graphRequest = GraphRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            query: request.uri.query ?? "",
            authorization: request.headers[.authorization],
            consistencyLevel: request.headers[Self.consistencyLevelField],
            prefer: request.headers[Self.preferField],
            clientRequestId: clientRequestId,
            requestId: requestId,
            body: [],
            baseURL: listener.baseURL,
            now: Date().timeIntervalSince1970)
        let graphResponse: GraphResponse
        do {
            if request.method == .post {
                var buffer = try await request.body.collect(upTo: Self.maximumBodySize)
                graphRequest.body = buffer.readBytes(length: buffer.readableBytes) ?? []
            }
            graphResponse = await gateway.respond(to: graphRequest)
        } catch {
            graphResponse = GraphError(
                status: 413, code: "RequestEntityTooLarge",
                message: "The request body is larger than the simulator accepts (\(Self.maximumBodySize) bytes)."
            ).response(to: graphRequest)
        }

        var headers: HTTPFields = [.contentType: Self.contentType]
        headers[Self.requestIdField] = requestId
        headers[Self.clientRequestIdField] = clientRequestId ?? requestId
        for (name, value) in graphResponse.headers {
            if let field = HTTPFields.Element.Name(name) { headers[field] = value }
        }
        let body: ResponseBody
        switch graphResponse.delivery {
        case .complete:
            body = ResponseBody(byteBuffer: ByteBuffer(bytes: graphResponse.body))
        case .truncated:
            body = ResponseBody(byteBuffer: ByteBuffer(bytes: graphResponse.body.prefix(graphResponse.body.count / 2)))
        case .dropped:
            let half = ByteBuffer(bytes: graphResponse.body.prefix(graphResponse.body.count / 2))
            body = ResponseBody(contentLength: graphResponse.body.count) { writer in
                try await writer.write(half)
                throw DroppedConnection()
            }
        }
        return Response(status: .init(code: graphResponse.status), headers: headers, body: body)
    }
}
