import Foundation

/// One background thread that does the jobs submitted to it in order, keeps the first error, and
/// lets the submitter wait until every job so far is done: a producer's writer (appends to a
/// shard log, calls to Kinesis) working beside the thread that reads and encodes rows. The thread
/// ends when the worker is released.
package final class SerialWorker<Job: Sendable>: @unchecked Sendable {
    /// What the thread and the submitter share (not the worker itself, so that releasing the
    /// worker closes the queue and ends the thread).
    private final class Tally: @unchecked Sendable {
        let state = NSCondition()
        var submitted = 0
        var completed = 0
        var failure: Error?
    }

    private let jobs: BlockingQueue<Job>
    private let tally = Tally()

    /// - Parameters:
    ///   - capacity: jobs waiting at most; `submit` blocks beyond it (backpressure).
    ///   - work: does one job on the worker's thread.
    package init(capacity: Int, _ work: @escaping @Sendable (Job) throws -> Void) {
        jobs = BlockingQueue<Job>(capacity: capacity)
        let thread = Thread { [jobs, tally] in
            while let job = jobs.take() {
                var error: Error? = nil
                do { try work(job) } catch let e { error = e }
                tally.state.lock()
                if tally.failure == nil { tally.failure = error }
                tally.completed += 1
                tally.state.broadcast()
                tally.state.unlock()
            }
        }
        thread.start()
    }

    deinit { jobs.close() }

    /// Queues a job (waits while `capacity` jobs are waiting).
    package func submit(_ job: Job) {
        tally.state.lock()
        tally.submitted += 1
        tally.state.unlock()
        _ = jobs.put(job)
    }

    /// The first error a job met so far, if any (later jobs still run).
    package var failure: Error? {
        tally.state.lock()
        defer { tally.state.unlock() }
        return tally.failure
    }

    /// Throws the first error a job met so far, if any (jobs go on in the background).
    package func throwIfFailed() throws {
        if let error = failure { throw error }
    }

    /// Waits until every job submitted so far is done; throws the first error any job met.
    package func waitForAll() throws {
        tally.state.lock()
        while tally.completed < tally.submitted { tally.state.wait() }
        let error = tally.failure
        tally.state.unlock()
        if let error { throw error }
    }
}
