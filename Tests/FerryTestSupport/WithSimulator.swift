import GraphSimulator

/// Starts a simulator on 127.0.0.1 with `configuration`, runs `body` with it and stops it, whether `body`
/// returns or throws: the stop is awaited, so no server outlives its test.
public func withSimulator<T>(
    _ configuration: SimulatorConfiguration, _ body: (GraphSimulatorServer) async throws -> T
) async throws -> T {
    let server = try await GraphSimulatorServer.start(configuration)
    let result: T
    do {
        result = try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
    return result
}
