import Foundation

/// A bounded first-in first-out queue between threads; `put` waits when full, `take` when empty.
///
/// Bounding it bounds memory: a fast reader cannot run ahead of slow parsers by more than
/// `capacity` blocks.
public final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// A ring of `capacity` slots; a taken slot is set to `nil` at once, so the queue never keeps
    /// a second reference to an element (which would make its next mutation copy it).
    private var ring: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false

    public init(capacity: Int) { ring = Array(repeating: nil, count: max(1, capacity)) }

    /// Adds an element, waiting for room. Returns false if the queue was closed.
    @discardableResult
    public func put(_ e: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while count == ring.count, !closed { condition.wait() }
        if closed { return false }
        ring[(head + count) % ring.count] = e
        count += 1
        condition.broadcast()
        return true
    }

    /// The next element, or `nil` once the queue is closed and drained.
    public func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while count == 0, !closed { condition.wait() }
        if count == 0 { return nil }
        let e = ring[head].take()
        head = (head + 1) % ring.count
        count -= 1
        condition.broadcast()
        return e
    }

    /// No more elements will come; waiting takers return `nil` once the queue is empty.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Hands results produced out of order by several workers to one consumer in sequence order.
///
/// A producer whose result is too far ahead of the consumer waits, so memory stays bounded; the
/// result the consumer waits for is never made to wait.
final class SequencedResults<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Int: Element] = [:]
    private var next = 0
    private var total: Int? = nil
    private var cancelled = false
    private let window: Int

    init(window: Int) { self.window = window }

    func put(_ sequence: Int, _ e: Element) {
        condition.lock()
        defer { condition.unlock() }
        while sequence >= next + window, !cancelled { condition.wait() }
        if cancelled { return }
        ready[sequence] = e
        condition.broadcast()
    }

    /// Declares how many results there will be in all.
    func finish(total: Int) {
        condition.lock()
        self.total = total
        condition.broadcast()
        condition.unlock()
    }

    /// Stops producers and the consumer early.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next result in sequence, or `nil` when all were taken or the run was cancelled.
    func takeNext() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if cancelled { return nil }
            if let e = ready.removeValue(forKey: next) {
                next += 1
                condition.broadcast()
                return e
            }
            if let t = total, next >= t { return nil }
            condition.wait()
        }
    }
}
