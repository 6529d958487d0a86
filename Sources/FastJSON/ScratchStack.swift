/// A growable stack over manually managed memory that hands its top elements out by moving them.
///
/// The reader keeps the members and elements of open containers here and moves each container's tail into a
/// right-sized array when it closes, without the copy-then-destroy that `Array(slice)` plus `removeSubrange` costs.
/// Not thread-safe: owned by one parser.
final class ScratchStack<Element> {
    private struct State {
        var storage: UnsafeMutablePointer<Element>
        var capacity: Int
        var count: Int
    }

    // The mutable state lives behind a pointer, not in `var` properties, so that the hot path pays no dynamic
    // exclusivity check per access; the class is confined to one reader at a time.
    private let state: UnsafeMutablePointer<State>

    init(capacity: Int) {
        let capacity = max(capacity, 1)
        state = .allocate(capacity: 1)
        state.initialize(to: State(storage: .allocate(capacity: capacity), capacity: capacity, count: 0))
    }

    deinit {
        state.pointee.storage.deinitialize(count: state.pointee.count)
        state.pointee.storage.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// The number of elements on the stack.
    var count: Int { state.pointee.count }

    func push(_ element: consuming Element) {
        if state.pointee.count == state.pointee.capacity { grow() }
        (state.pointee.storage + state.pointee.count).initialize(to: element)
        state.pointee.count += 1
    }

    /// The elements from `start` to the top, to read or change in place; valid until the next push or pop.
    func elements(from start: Int) -> UnsafeMutableBufferPointer<Element> {
        precondition(start >= 0 && start <= state.pointee.count)
        return UnsafeMutableBufferPointer(start: state.pointee.storage + start, count: state.pointee.count - start)
    }

    /// Moves the elements from `start` to the top into a new array, leaving `start` elements on the stack.
    func popAll(from start: Int) -> [Element] {
        let count = state.pointee.count
        precondition(start >= 0 && start <= count)
        let moved = count - start
        guard moved > 0 else { return [] }
        let source = state.pointee.storage + start
        let result = [Element](unsafeUninitializedCapacity: moved) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: source, count: moved)
            initialized = moved
        }
        state.pointee.count = start
        return result
    }

    /// Destroys every element; the capacity stays for the next use.
    func removeAll() {
        state.pointee.storage.deinitialize(count: state.pointee.count)
        state.pointee.count = 0
    }

    private func grow() {
        let newCapacity = state.pointee.capacity * 2
        let newStorage = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newStorage.moveInitialize(from: state.pointee.storage, count: state.pointee.count)
        state.pointee.storage.deallocate()
        state.pointee.storage = newStorage
        state.pointee.capacity = newCapacity
    }
}
