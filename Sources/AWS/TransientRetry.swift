import Foundation

/// Calls `body` again after a throttling or server error (``AWSFailure/isTransient``), at most
/// `attempts` calls in all, waiting 0.1 s and then twice as long each time, with jitter (AWS's
/// "exponential backoff and jitter"); any other error, or the last transient one, is thrown.
func retryingTransient<T>(attempts: Int, _ body: () throws -> T) throws -> T {
    var backoff = 0.1
    var attempt = 1
    while true {
        do {
            return try body()
        } catch let f as AWSFailure where f.isTransient && attempt < attempts {
            Thread.sleep(forTimeInterval: backoff * Double.random(in: 0.5...1.5))
            backoff *= 2
            attempt += 1
        }
    }
}
