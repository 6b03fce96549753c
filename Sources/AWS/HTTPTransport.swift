import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends requests with FoundationNetworking's URLSession: it ships with the toolchain (no HTTP
/// package to build), speaks to AWS and to a local moto alike, and runs several requests at once
/// (S3's ranged GETs) on its own threads.
final class HTTPTransport: @unchecked Sendable {
    private let session: URLSession

    /// What came back: the status, the body, or the error that stopped the call.
    struct Answer {
        var status: Int
        var body: Data
        var error: Error?
    }

    init(timeout: TimeInterval = 60, connectionsPerHost: Int = 8) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpMaximumConnectionsPerHost = connectionsPerHost
        session = URLSession(configuration: configuration)
    }

    /// Starts `request`; `done` is called once with the answer, on a session thread.
    func start(_ request: URLRequest, done: @escaping @Sendable (Answer) -> Void) {
        session.dataTask(with: request) { data, response, error in
            done(Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data ?? Data(), error: error))
        }.resume()
    }

    /// Sends `request` and waits for its answer.
    func send(_ request: URLRequest) -> Answer {
        let pending = PendingAnswer()
        start(request) { pending.fulfil($0) }
        return pending.wait()
    }
}

/// An answer that will arrive: fulfilled once by a session thread, waited for by a reader.
final class PendingAnswer: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private var answer: HTTPTransport.Answer? = nil

    func fulfil(_ a: HTTPTransport.Answer) {
        answer = a
        ready.signal()
    }

    /// Blocks until the answer is there; may be called more than once.
    func wait() -> HTTPTransport.Answer {
        ready.wait()
        ready.signal()
        return answer!
    }
}
